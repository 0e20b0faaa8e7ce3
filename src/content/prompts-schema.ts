import { z } from 'zod';

/**
 * Shape of content/<locale>/prompts.json: weekly reflection prompts a server can post for group discussion.
 * Limits are Discord's, repeated as numbers so this file stands alone: the title becomes the thread name
 * (at most 100 characters), the text an embed description (kept well under 4096 to stay readable).
 */
const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'ids are lowercase kebab-case, at most 41 characters');

export const promptSchema = z.object({
  id,
  /** Short; used as the embed title and the discussion thread's name. */
  title: z.string().min(1).max(90),
  text: z.string().min(1).max(1000),
});

export const promptsSchema = z
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
  });

export type Prompt = z.infer<typeof promptSchema>;
