import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

// The fault suite's exactly-once reader: Kafka's own Java consumer, read_committed, every partition of one
// topic from the start, no consumer group. Run as a single-file program (java read-committed.java) on the
// stack's kafka-clients jar: the stack's Kafka home has no kafka-tools jar, so no ConsoleConsumer.
// Prints each record's value on its own line after "V " (the client's own log lines share stdout) and
// exits once no record came for the idle timeout; the caller stops it earlier when it has seen its marker.
// Args: <bootstrap servers> <topic> <idle timeout ms>
class ReadCommitted {
  public static void main(String[] args) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    long idleMs = Long.parseLong(args[2]);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(args[1])) partitions.add(new TopicPartition(p.topic(), p.partition()));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long lastRecord = System.currentTimeMillis();
      while (System.currentTimeMillis() - lastRecord < idleMs) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          lastRecord = System.currentTimeMillis();
          if (record.value() != null) System.out.println("V " + record.value());
        }
        System.out.flush();
      }
    }
  }
}
