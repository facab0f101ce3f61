// Kafka's own Java client, for the compression integration tests: it writes record batches the way a
// Flink job or any JVM producer does, and reads what Sluice wrote. Run in source-file mode on the stack's
// Kafka jars:
//   java -cp '<kafka libs>/*' kafka-java-client.java produce <bootstrap> <topic> <snappy|lz4|zstd|gzip|none>  (values: stdin lines)
//   java -cp '<kafka libs>/*' kafka-java-client.java consume <bootstrap> <topic> <count>                     (prints "record\t<value>")
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

class KafkaJavaClient {
  public static void main(String[] args) throws Exception {
    if (args.length != 4) throw new IllegalArgumentException("usage: produce|consume <bootstrap> <topic> <compression|count>");
    if (args[0].equals("produce")) produce(args[1], args[2], args[3]);
    else if (args[0].equals("consume")) consume(args[1], args[2], Integer.parseInt(args[3]));
    else throw new IllegalArgumentException("unknown mode " + args[0]);
  }

  static void produce(String bootstrap, String topic, String compression) throws Exception {
    List<String> values = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) values.add(line);
    }
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("compression.type", compression);
    props.put("acks", "all");
    // Big, lingering batches: many records share one compressed batch, so its frame spans several blocks.
    props.put("linger.ms", "200");
    props.put("batch.size", String.valueOf(1024 * 1024));
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (String value : values) producer.send(new ProducerRecord<>(topic, 0, null, value));
      producer.flush();
    }
    System.out.println("sent\t" + values.size());
  }

  static void consume(String bootstrap, String topic, int count) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("enable.auto.commit", "false");
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic).forEach((p) -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      int seen = 0;
      long deadline = System.currentTimeMillis() + 60_000;
      while (seen < count && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          out.println("record\t" + record.value());
          seen++;
        }
      }
    }
  }
}
