import { Ctx, Query, Resolver } from 'type-graphql';

import { Audience, VisibleTo } from '../../../kit/visibility.js';
import type { OrganizationsContext } from '../context.js';
import { Sector } from './sector.entity.js';

@Resolver(() => Sector)
export class SectorResolver {
  @Query(() => [Sector], { description: 'The CII sectors of the Cybersecurity Act 2019 §49.' })
  @VisibleTo(Audience.PUBLIC)
  sectors(@Ctx() { em }: OrganizationsContext): Promise<Sector[]> {
    return em.find(Sector, {}, { orderBy: { nameEn: 'asc' } });
  }
}
