/** Seed 000 Appendix A names Data Owner and IT Lead; 001 asks for the business owner. */
export const SIGN_OFF_ROLES = [
  { role: 'Data Owner', duty: 'Business owner of the migrated data (001 Milestone sign-off)' },
  { role: 'IT Lead', duty: 'Migration execution and rollback readiness (000 Appendix A)' },
  { role: 'QA Lead', duty: 'Acceptance suites and evidence reviewed' },
  { role: 'Finance', duty: 'Financial totals and journal balance reconciled' },
] as const;

export type SignOffRole = (typeof SIGN_OFF_ROLES)[number]['role'];
