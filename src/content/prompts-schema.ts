import { z } from 'zod';
import { lazily } from '../lazily.js';

/**
 * Shape of content/<locale>/prompts.json: weekly reflection prompts a server can post for group discussion.
 * Limits are Discord's, repeated as numbers so this file stands alone: the title becomes the thread name
 * (at most 100 characters), the text an embed description (kept well under 4096 to stay readable).
 * Built on its first use (src/lazily.ts), as the other content schemas are.
 */
export const promptsSchema = lazily(() => {
  const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'ids are lowercase kebab-case, at most 41 characters');

  const promptSchema = z.object({
    id,
    /** Short; used as the embed title and the discussion thread's name. */
    title: z.string().min(1).max(90),
    text: z.string().min(1).max(1000),
  });

  return (
    z
      .array(promptSchema)
      // A year's rotation without repeats would need 52; 12 is the floor so a quarter never repeats.
      .min(12)
      .superRefine((prompts, ctx) => {
        const seen = new Map<string, number>();
        prompts.forEach((prompt, index) => {
          const first = seen.get(prompt.id);
          if (first === undefined) seen.set(prompt.id, index);
          else ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate prompt id "${prompt.id}" (also at index ${first})` });
        });
      })
  );
});

export type Prompt = z.infer<ReturnType<typeof promptsSchema>>[number];
