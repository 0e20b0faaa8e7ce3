/** `npm run playground`: the local playground, whatever DISCORD_TOKEN and NODE_ENV say. */
import 'dotenv/config';
import { runPlayground } from './main.js';

await runPlayground();
