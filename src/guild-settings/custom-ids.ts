/** Every custom_id /config makes starts with this command name. */
export const CONFIG_COMMAND = 'config';

/** The actions of /config's buttons, made by the subcommands here and answered by commands/config.ts. */
export const ConfigAction = {
  Reset: 'reset',
  Keep: 'keep',
} as const;
