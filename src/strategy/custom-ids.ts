/** Every custom_id /strategy makes starts with this command name. */
export const STRATEGY_COMMAND = 'strategy';

/**
 * The actions /strategy's components answer. `Open` is the way in from other features (the
 * self-check's suggestions); `Reflect` answers the writing exercise's modal.
 */
export const StrategyAction = {
  Idea: 'idea',
  Pick: 'pick',
  Write: 'write',
  Reflect: 'reflect',
  Open: 'open',
} as const;
