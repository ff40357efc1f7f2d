import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

/**
 * The floor: a bare express app that parses the same JSON body (same types, same limit) and answers
 * one constant card. Whatever the service costs beyond this is ours. Run as its own process;
 * prints `{"event":"ready","port":…}` like the service does.
 */
const limit = Number(process.env.CTC_BODY_LIMIT_BYTES ?? 5 * 1024 * 1024);
const CARD_RESPONSE = JSON.stringify({
  cards: [
    {
      uuid: '00000000-0000-4000-8000-000000000000',
      summary: 'Constant card from the bench floor',
      indicator: 'info',
      source: { label: 'CTC Advisor bench floor', topic: { system: 'https://ctc-advisor.org/fhir/CodeSystem/card-topic', code: 'floor' } },
    },
  ],
});

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit, type: ['application/json', 'application/*+json'], strict: false }));
app.post('/cds-services/:id', (req, res) => {
  // Touch the parsed body so the parse cannot be skipped by accident.
  if (typeof req.body !== 'object' || req.body === null) {
    res.status(400).json({ error: 'invalid_request' });
    return;
  }
  res.type('application/json').send(CARD_RESPONSE);
});

const server = createServer(app);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ event: 'ready', port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
