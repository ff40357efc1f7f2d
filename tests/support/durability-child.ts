// Child process for the SIGKILL durability test: writes decisions and feedback as fast as it can
// and prints an "ack" line only after each write's promise resolved, until the parent kills it.
import { randomUUID } from 'node:crypto';
import { openStore } from '../../src/store/open-store.ts';
import { parseStoreConfig } from '../../src/store/store-config.ts';
import { accepted, card, decision } from './decision-fixtures.ts';

const rule = { id: 'durability-rule', version: '1.0.0' };
const { value: config, problems } = parseStoreConfig(process.env);
if (problems.length > 0) throw new Error(problems.join('; '));
const store = await openStore(config);
process.stdout.write('ready\n');

for (;;) {
  const issued = card(rule);
  const record = decision({
    id: randomUUID(),
    time: new Date().toISOString(),
    rulesEvaluated: [rule],
    rulesFired: [rule],
    cards: [issued],
  });
  await store.recordDecision(record);
  // Writes to a pipe are synchronous on Linux, so the parent can see an ack only after this line ran.
  process.stdout.write(`ack decision ${record.id} ${issued.uuid}\n`);
  await store.recordFeedback(record.serviceId, [accepted(issued.uuid)], new Date());
  process.stdout.write(`ack feedback ${issued.uuid}\n`);
}
