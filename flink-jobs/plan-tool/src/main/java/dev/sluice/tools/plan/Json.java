package dev.sluice.tools.plan;

/** A minimal streaming JSON writer: the plan tool needs no library beyond Flink's own jars. */
final class Json {
  private final StringBuilder out = new StringBuilder();
  private boolean needComma;

  Json beginObject() {
    comma();
    out.append('{');
    needComma = false;
    return this;
  }

  Json endObject() {
    out.append('}');
    needComma = true;
    return this;
  }

  Json beginArray() {
    comma();
    out.append('[');
    needComma = false;
    return this;
  }

  Json endArray() {
    out.append(']');
    needComma = true;
    return this;
  }

  Json field(String name) {
    comma();
    quote(name);
    out.append(':');
    needComma = false;
    return this;
  }

  Json string(String value) {
    comma();
    quote(value);
    needComma = true;
    return this;
  }

  Json number(long value) {
    comma();
    out.append(value);
    needComma = true;
    return this;
  }

  Json bool(boolean value) {
    comma();
    out.append(value);
    needComma = true;
    return this;
  }

  /** Appends already-encoded JSON. */
  Json raw(String json) {
    comma();
    out.append(json);
    needComma = true;
    return this;
  }

  private void comma() {
    if (needComma) {
      out.append(',');
      needComma = false;
    }
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
