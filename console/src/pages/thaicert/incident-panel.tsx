/** ThaiCERT's and NCSA's work on one incident: assessment, notes, case, reference number. */
export function AnalystIncidentPanel(_props: { incidentId: string }) {
  return null;
}
