// The function catalogue: Flink's documented built-in functions, and the typed `fn` generated from it.
export { fn } from './generated';
export { FUNCTION_CATALOGUE } from './catalogue';
export type { CatalogueEntry, OfferedFunction, MissingFunction, FunctionArea, FunctionExample, ExampleArg, ArgFamily, ArgSpec, ResultRule, NullRule } from './catalogue-types';
export type { StringArg, IntArg, NumericArg, BooleanArg, DateArg, TimestampArg, DatetimeArg, BytesArg, ArrayArg, MapArg, CollectionArg, HexableArg, AnyArg, UnitArg, AnyNull, IntegerType } from './signature-types';
