import { TESTED_KAFKA_VERSIONS } from '../support/kafka-broker';
import { describeKafkaFeed } from './kafka-feed.suite';

// The feed against the last Kafka 3.x release (kafka-feed.kafka4.test.ts runs the same suite on 4.x).
describeKafkaFeed(TESTED_KAFKA_VERSIONS[0]);
