/** Appointment kinds and their length (seed: Stage 4 appointment types). */
export const APPOINTMENT_TYPES = {
  discovery_consultation: { name: 'Discovery consultation', durationMinutes: 30 },
  technical_assessment: { name: 'Technical assessment', durationMinutes: 60 },
  project_kickoff: { name: 'Project kickoff', durationMinutes: 60 },
  status_review: { name: 'Status review', durationMinutes: 15 },
} as const;
export type AppointmentType = keyof typeof APPOINTMENT_TYPES;
export const APPOINTMENT_TYPE_NAMES = Object.keys(APPOINTMENT_TYPES) as [AppointmentType, ...AppointmentType[]];
