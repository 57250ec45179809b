import { TESTED_KAFKA_VERSIONS } from '../support/kafka-broker';
import { describeKafkaFeed } from './kafka-feed.suite';

// The feed against a current Kafka 4.x release (kafka-feed.test.ts runs the same suite on 3.9).
describeKafkaFeed(TESTED_KAFKA_VERSIONS[1]);
