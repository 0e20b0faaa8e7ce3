import type { Command } from '../src/interactions/command.js';
import { about } from './about.js';
import { breathe } from './breathe.js';
import { pause } from './pause.js';
import { safetyPlan } from './safety-plan.js';
import { config } from './config.js';
import { crisis } from './crisis.js';
import { learn } from './learn.js';
import { partner } from './partner.js';
import { privacy } from './privacy.js';
import { reminders } from './reminders.js';
import { resources } from './resources.js';
import { selfcheck } from './selfcheck.js';
import { strategy } from './strategy.js';
import { log } from './log.js';
import { focus } from './focus.js';

/** Every slash command the bot offers; the router and the deploy script both read this list. */
export const commands: readonly Command[] = [
  learn,
  strategy,
  partner,
  resources,
  crisis,
  selfcheck,
  pause,
  breathe,
  safetyPlan,
  reminders,
  log,
  focus,
  privacy,
  config,
  about,
];
