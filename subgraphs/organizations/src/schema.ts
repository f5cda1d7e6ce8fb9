import { isUuid } from '../../../platform/caller.js';
import { buildFederatedSchema, type FederatedSchema } from '../../kit/federation.js';
import type { OrganizationsContext } from './context.js';
import { OrganizationFeedResolver } from './events/organization-feed.resolver.js';
import { MeResolver } from './me/me.resolver.js';
import { OrganizationResolver } from './organization/organization.resolver.js';
import { MailContactsResolver } from './point-of-contact/mail-contacts.resolver.js';
import { PointOfContactResolver } from './point-of-contact/point-of-contact.resolver.js';
import { RegistrationResolver } from './registration/registration.resolver.js';
import { RegulatorResolver } from './regulator/regulator.resolver.js';
import { SectorResolver } from './sector/sector.resolver.js';

type Reference = { id: string };

/** The organizations subgraph's schema, built from code; no database needed. */
export function organizationsSchema(): Promise<FederatedSchema> {
  return buildFederatedSchema({
    service: 'organizations',
    resolvers: [
      MeResolver,
      SectorResolver,
      RegulatorResolver,
      OrganizationResolver,
      PointOfContactResolver,
      MailContactsResolver,
      OrganizationFeedResolver,
      RegistrationResolver,
    ],
    referenceResolvers: {
      Organization: ({ id }: Reference, { loaders }: OrganizationsContext) => (isUuid(id) ? loaders.organizationById.load(id) : null),
      Regulator: ({ id }: Reference, { loaders }: OrganizationsContext) => (isUuid(id) ? loaders.regulatorById.load(id) : null),
      PointOfContact: ({ id }: Reference, { loaders }: OrganizationsContext) => (isUuid(id) ? loaders.pointOfContactById.load(id) : null),
      Sector: ({ id }: Reference, { loaders }: OrganizationsContext) => loaders.sectorById.load(id),
    },
  });
}
