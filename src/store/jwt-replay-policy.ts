/**
 * Expired token ids are deleted after every this many new ones (and by `purge`), so the
 * `jwt_replay` table stays about as small as the tokens alive at once, without a timer.
 */
export const REPLAY_SWEEP_EVERY = 500;

export type JtiVerdict = 'fresh' | 'replayed';
