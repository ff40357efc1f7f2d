import type { Link } from '../validate/cds-hooks-types.ts';

/** Where the EHR launches the timeline app (config/smart-client.json `launch_path`, served by smart/smart-router.ts). */
const SMART_LAUNCH_PATH = '/smart/launch';

/** The clinician-facing label of the SMART link on CTC/DTC cards (words only: tests/safety). */
export const SMART_LINK_LABEL = 'Open CTC/DTC timeline';

/** Which series of the timeline a card is about; the app names it when it opens. */
type TimelineFocus = 'ctc' | 'dtc' | 'cluster' | 'pdl1';

/** What `appContext` carries: the card's focus, by rule, and nothing about the patient (CDS Hooks 2.0 Link.appContext). */
interface TimelineAppContext {
  readonly focus: TimelineFocus;
  readonly ruleId: string;
  readonly ruleVersion: string;
}

/** Cards about CTC or DTC results, by topic (rules/topics): the ones whose trend the timeline shows. */
function timelineFocus(topic: string): TimelineFocus | undefined {
  if (topic === 'ctc-cluster') return 'cluster';
  if (topic === 'pdl1-ctc') return 'pdl1';
  if (topic.startsWith('ctc-')) return 'ctc';
  if (topic.startsWith('dtc-')) return 'dtc';
  return undefined;
}

/**
 * The CDS Hooks 2.0 SMART link (https://cds-hooks.hl7.org/2.0/#link): the EHR launches `url` with
 * `iss` and `launch` and passes `appContext`, a string, to the app in its launch context.
 */
export function timelineLink(
  rule: { readonly id: string; readonly version: string; readonly topic: string },
  publicBaseUrl: string,
): Link | undefined {
  const focus = timelineFocus(rule.topic);
  if (focus === undefined) return undefined;
  const context: TimelineAppContext = { focus, ruleId: rule.id, ruleVersion: rule.version };
  return {
    label: SMART_LINK_LABEL,
    url: `${publicBaseUrl.replace(/\/+$/, '')}${SMART_LAUNCH_PATH}`,
    type: 'smart',
    appContext: JSON.stringify(context),
  };
}
