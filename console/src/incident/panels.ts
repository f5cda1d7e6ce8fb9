import type { ComponentType } from 'react';

import { ReporterIncidentPanel } from '../pages/organization/incident-panel.js';
import { AnalystIncidentPanel } from '../pages/thaicert/incident-panel.js';
import type { Role } from '../session/session.js';
import { ANALYSTS } from '../ui/console-route.js';

/** What a role can do with one incident, shown on the incident page below what everyone sees of it. */
export interface IncidentPanel {
  roles: readonly Role[];
  component: ComponentType<{ incidentId: string }>;
}

export const INCIDENT_PANELS: readonly IncidentPanel[] = [
  { roles: ANALYSTS, component: AnalystIncidentPanel },
  { roles: ['ORGANIZATION'], component: ReporterIncidentPanel },
];
