import { describeEventStoreContract } from '../testing/event-store-contract';
import { EsdbDouble } from '../testing/esdb-double';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

/**
 * The contract suite against the EventStoreDB adapter, through the real client and gRPC, on the test double of
 * an EventStoreDB node (testing/esdb-double): byte-offset positions with gaps, system events in `$all`,
 * id-only idempotency. A real server run stays in eventstoredb-event-store.spec.ts.
 */
describeEventStoreContract(
  'eventstoredb adapter on the EventStoreDB test double',
  async () => {
    const double = await EsdbDouble.start();
    const store = await EventStoreDbEventStore.open({ connectionString: double.connectionString });
    return { store, dispose: () => double.stop() };
  },
  { globalEventIds: false, contiguousPositions: false, maxAppendBytes: 1_048_576 },
);
