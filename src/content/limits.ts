/** Discord's limits on what a message may carry; every content schema checks against them. */
export const LIMITS = {
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  buttonLabel: 80,
  selectLabel: 100,
  selectDescription: 100,
  choiceName: 100,
  messageContent: 2000,
  embedTotal: 6000,
} as const;
