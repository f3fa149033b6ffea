import { graphql } from "../../gql";

export const PersonQuery = graphql(`
  query Person($id: ID!) {
    node(id: $id) {
      __typename
      ... on Person {
        id
        version
        name
        nameLatin
        gender
        birthYear
        nationality
        country
        city
        hometownProvince
        hometownCity
        hometownCounty
        dialectGroup
        expertise
        honours
        languages
        notes
        email
        phone
        wechat
        lastContactedAt
        contactCadenceDays
        nextContactDue
        owner { id username displayName }
        updatedAt
      }
    }
  }
`);

export const UpdatePersonMutation = graphql(`
  mutation UpdatePerson($input: UpdatePersonInput!) {
    updatePerson(input: $input) {
      person {
        id
        version
        name
        nameLatin
        gender
        birthYear
        country
        city
        hometownProvince
        hometownCity
        hometownCounty
        dialectGroup
        expertise
        honours
        notes
        email
        phone
        wechat
        contactCadenceDays
        nextContactDue
        updatedAt
      }
      errors { field message code currentVersion }
    }
  }
`);

export const PersonAffiliationsQuery = graphql(`
  query PersonAffiliations($id: ID!, $after: String) {
    node(id: $id) {
      ... on Person {
        id
        affiliations(first: 10, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { id role title startsOn endsOn degree fieldOfStudy
            organization { id name nameEn } } }
        }
      }
    }
  }
`);

export const PersonRelationshipsQuery = graphql(`
  query PersonRelationships($id: ID!, $after: String) {
    node(id: $id) {
      ... on Person {
        id
        relationships(first: 10, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { id kind strength since source
            personA { id name nameLatin } personB { id name nameLatin } } }
        }
      }
    }
  }
`);

export const RecordTimelineQuery = graphql(`
  query RecordTimeline($id: ID!, $after: String) {
    node(id: $id) {
      ... on Person {
        id
        timeline(first: 10, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { cursor node { at kind summary } }
        }
      }
      ... on Organization {
        id
        timeline(first: 10, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { cursor node { at kind summary } }
        }
      }
    }
  }
`);

export const TimelineAddedSubscription = graphql(`
  subscription TimelineAdded($id: ID!) {
    timelineEntryAdded(id: $id) { at kind summary }
  }
`);

export const PersonIntroductionsQuery = graphql(`
  query PersonIntroductions($filter: IntroductionFilter!, $after: String) {
    introductions(filter: $filter, first: 10, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id status purpose requestedAt
        seeker { id name nameLatin }
        targetPerson { id name nameLatin }
        targetOrganization { id name nameEn }
        broker { id name nameLatin } } }
    }
  }
`);

export const PersonConsentsQuery = graphql(`
  query PersonConsents($id: ID!, $after: String) {
    node(id: $id) {
      ... on Person {
        id
        consents(first: 10, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { id purpose channel givenAt withdrawnAt active noticeVersion } }
        }
      }
    }
  }
`);

export const CreatePersonMutation = graphql(`
  mutation CreatePerson($input: CreatePersonInput!) {
    createPerson(input: $input) {
      person { id }
      errors { field message code }
    }
  }
`);

export const CreateRelationshipMutation = graphql(`
  mutation CreateRelationship($input: CreateRelationshipInput!) {
    createRelationship(input: $input) {
      relationship { id }
      errors { field message code }
    }
  }
`);

export const CreateAffiliationMutation = graphql(`
  mutation CreateAffiliation($input: CreateAffiliationInput!) {
    createAffiliation(input: $input) {
      affiliation { id }
      errors { field message code }
    }
  }
`);
