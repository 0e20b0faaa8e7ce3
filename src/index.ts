// The entry `npm start` runs (compiled): the bot's start is src/main.ts. In dist/, scripts/bundle.mjs
// replaces this file with the loader of the one-file bundle (src/run-bundle.ts), which calls the same main().
import { main } from './main.js';

await main();
