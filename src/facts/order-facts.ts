import type { FactDefinition } from './fact-definition.ts';
import { inWords } from './fact-words.ts';

const ORDERABLE_TESTS = ['ctc-enumeration', 'dtc-bone-marrow'] as const;

export const orderFacts: readonly FactDefinition[] = [
  {
    name: 'order.selectedTests',
    label: 'Selected test order',
    type: 'string[]',
    values: ORDERABLE_TESTS,
    description:
      'order-select and order-sign only: the CTC or DTC tests among the selected draft orders (at order-sign: all draft orders; ServiceRequest.code via the terminology map).',
    derive: (p) => p.selectedTests,
    format: (v) => (v as readonly string[]).map(inWords).join(', ') || 'none',
  },
  {
    name: 'order.selectedNames',
    label: 'Selected order',
    type: 'string[]',
    description:
      "order-select and order-sign only: the selected CTC or DTC orders as the EHR names them (ServiceRequest.code.text, else a coding's display), else the test in words; null without a selected CTC or DTC order. The card shows these words.",
    derive: (p) =>
      p.selectedOrderNames.length > 0 ? p.selectedOrderNames : p.selectedTests.length > 0 ? p.selectedTests.map(inWords) : null,
  },
];
