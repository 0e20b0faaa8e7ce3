/** Every custom_id /selfcheck makes starts with this command name. */
export const SELFCHECK_COMMAND = 'selfcheck';

/** The actions /selfcheck's buttons carry, made by the views here and answered by commands/selfcheck.ts. */
export const SelfcheckAction = {
  Begin: 'begin',
  HowScored: 'how',
  Answer: 'a',
  Back: 'back',
  Feeling: 'feel',
  Cancel: 'cancel',
  Save: 'save',
  Done: 'done',
  Restart: 'restart',
  DeleteAsk: 'delask',
  DeleteYes: 'delyes',
  DeleteNo: 'delno',
} as const;
export type SelfcheckAction = (typeof SelfcheckAction)[keyof typeof SelfcheckAction];
