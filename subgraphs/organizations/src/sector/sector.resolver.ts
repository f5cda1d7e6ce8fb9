import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';

import { Audience, VisibleTo } from '../../../kit/visibility.js';
import type { OrganizationsContext } from '../context.js';
import { Sector } from './sector.entity.js';
import { AddSectorInput } from './sector.input.js';
import { addSector, listSectors } from './sector.service.js';

@Resolver(() => Sector)
export class SectorResolver {
  @Query(() => [Sector], { description: 'The CII sectors of the Cybersecurity Act 2019 §49.' })
  @VisibleTo(Audience.PUBLIC)
  sectors(@Ctx() { em }: OrganizationsContext): Promise<Sector[]> {
    return listSectors(em);
  }

  @Mutation(() => Sector, {
    nullable: true,
    description: 'Adds a sector the Committee prescribes under §49(8), with the regulator that supervises it (NCSA).',
  })
  @VisibleTo(Audience.NCSA)
  addSector(@Arg('input', () => AddSectorInput) input: AddSectorInput, @Ctx() { em }: OrganizationsContext): Promise<Sector> {
    return addSector(em, input);
  }
}
