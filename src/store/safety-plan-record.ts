import { z } from 'zod';
import type { RecordType } from './repository.js';

/** The sections, in the order a plan is read: from noticing early signs to getting help. */
export const PLAN_SECTIONS = ['warning-signs', 'on-my-own', 'distractions', 'people-to-ask', 'professionals', 'safer-surroundings'] as const;
export type PlanSection = (typeof PLAN_SECTIONS)[number];

/** One section fits one embed field (1,024) with room to spare. */
export const SECTION_MAX = 1000;

export function isPlanSection(value: string): value is PlanSection {
  return (PLAN_SECTIONS as readonly string[]).includes(value);
}

/**
 * A member's own safety plan. Written only after they said yes; encrypted like every record;
 * shown, exported and deleted by /privacy.
 */
export const safetyPlanSchema = z.object({
  consentedAt: z.number().int(),
  updatedAt: z.number().int(),
  sections: z.partialRecord(z.enum(PLAN_SECTIONS), z.string().min(1).max(SECTION_MAX)).default({}),
});
export type SafetyPlanRecord = z.infer<typeof safetyPlanSchema>;

export const safetyPlanRecord: RecordType<SafetyPlanRecord> = { namespace: 'safety-plan', version: 1, schema: safetyPlanSchema };

/** A plan "exists" for the crisis screens once at least one section has words in it. */
export function hasWrittenPlan(plan: SafetyPlanRecord | undefined): plan is SafetyPlanRecord {
  return !!plan && Object.values(plan.sections).some((text) => !!text);
}
