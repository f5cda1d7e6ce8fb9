import { Directive, Field, ObjectType, Query, Resolver } from 'type-graphql';

import { labelledLists, type LabelledList } from '../../../kit/labelled-enum.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';

@ObjectType({ description: 'One value of a choice list with its label in the form’s Thai and in English.' })
@VisibleTo(Audience.PUBLIC)
export class Choice {
  @Field({ description: 'The enum value, as the API takes and returns it.' }) value!: string;
  @Field({ description: 'The form’s Thai label.' }) labelTh!: string;
  @Field() labelEn!: string;
}

@ObjectType({ description: 'A choice list of the graph: a GraphQL enum with every value’s labels.' })
@VisibleTo(Audience.PUBLIC)
export class ChoiceList {
  @Field({ description: 'The GraphQL enum it is, e.g. ThreatCategory.' }) name!: string;
  @Field() description!: string;
  @Field(() => [Choice], { description: 'Its values in the enum’s order.' }) choices!: Choice[];
}

const choiceList = ({ name, description, labels }: LabelledList): ChoiceList => ({
  name,
  description,
  choices: Object.entries(labels).map(([value, label]) => ({ value, labelTh: label.th, labelEn: label.en })),
});

/**
 * The labels of every choice list, for clients that translate: production turns introspection off,
 * which hides the labels in the enums' descriptions. Served here because this subgraph registers
 * most lists (the forms' vocabulary and the incident flow); the few another subgraph alone uses
 * live in contracts/ with the forms' vocabulary, so the one registration of each enum
 * (kit/labelled-enum.ts) is what is served — no list is written twice.
 */
@Resolver()
export class VocabularyResolver {
  @Query(() => [ChoiceList], { nullable: true, description: 'Every choice list of the graph with its Thai and English labels; public.' })
  @Directive('@listSize(assumedSize: 40)')
  @VisibleTo(Audience.PUBLIC)
  vocabulary(): ChoiceList[] {
    return labelledLists().map(choiceList);
  }
}
