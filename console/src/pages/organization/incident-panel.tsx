/** The reporting organization's actions on its own incident: update the ก2, close, data unavailable, assistance. */
export function ReporterIncidentPanel(_props: { incidentId: string }) {
  return null;
}
