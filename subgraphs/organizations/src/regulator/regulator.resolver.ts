import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import { Audience, VisibleTo } from '../../../kit/visibility.js';
import type { OrganizationsContext } from '../context.js';
import { Sector } from '../sector/sector.entity.js';
import { Regulator } from './regulator.entity.js';
import { RegisterRegulatorInput, UpdateRegulatorInput } from './regulator.input.js';
import {
  findRegulator,
  listRegulators,
  registerRegulator,
  setNotificationDeadline,
  setReportDeadline,
  updateRegulator,
} from './regulator.service.js';

@Resolver(() => Regulator)
export class RegulatorResolver {
  @Query(() => [Regulator], { nullable: true, description: 'All regulators, by English name.' })
  @VisibleTo(Audience.SIGNED_IN)
  regulators(@Ctx() { em }: OrganizationsContext): Promise<Regulator[]> {
    return listRegulators(em);
  }

  @Query(() => Regulator, { nullable: true })
  @VisibleTo(Audience.SIGNED_IN)
  regulator(@Arg('id', () => ID) id: string, @Ctx() { em }: OrganizationsContext): Promise<Regulator> {
    return findRegulator(em, id);
  }

  @Mutation(() => Regulator, { nullable: true, description: 'Registers a regulator and the sectors it supervises (NCSA).' })
  @VisibleTo(Audience.NCSA)
  registerRegulator(
    @Arg('input', () => RegisterRegulatorInput) input: RegisterRegulatorInput,
    @Ctx() { em }: OrganizationsContext,
  ): Promise<Regulator> {
    return registerRegulator(em, input);
  }

  @Mutation(() => Regulator, {
    nullable: true,
    description:
      'Renames a regulator or changes the sectors it supervises; its organizations in a sector it gives up pass to the other regulator of that sector (NCSA).',
  })
  @VisibleTo(Audience.NCSA)
  updateRegulator(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => UpdateRegulatorInput) input: UpdateRegulatorInput,
    @Ctx() { em }: OrganizationsContext,
  ): Promise<Regulator> {
    return updateRegulator(em, id, expectedVersion, input);
  }

  @Mutation(() => Regulator, {
    nullable: true,
    description: 'Sets the hours within which its CII organizations must notify it (the regulator itself, or NCSA).',
  })
  @VisibleTo(Audience.REGULATOR, Audience.NCSA)
  setNotificationDeadline(
    @Arg('regulatorId', () => ID) regulatorId: string,
    @Arg('hours', () => Int) hours: number,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() { em, caller }: OrganizationsContext,
  ): Promise<Regulator> {
    return setNotificationDeadline(em, caller, regulatorId, hours, expectedVersion);
  }

  @Mutation(() => Regulator, {
    nullable: true,
    description: 'Sets the hours from detection within which the ก2 report must reach it (clause 5; the regulator itself, or NCSA).',
  })
  @VisibleTo(Audience.REGULATOR, Audience.NCSA)
  setReportDeadline(
    @Arg('regulatorId', () => ID) regulatorId: string,
    @Arg('hours', () => Int) hours: number,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() { em, caller }: OrganizationsContext,
  ): Promise<Regulator> {
    return setReportDeadline(em, caller, regulatorId, hours, expectedVersion);
  }

  @FieldResolver(() => [Sector], { description: 'The sectors it supervises.' })
  sectors(@Root() regulator: Regulator, @Ctx() { loaders }: OrganizationsContext): Promise<Sector[]> {
    return loaders.sectorsByRegulator.load(regulator.id);
  }
}
