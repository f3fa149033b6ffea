import { graphql } from "../../gql";

export const OrganizationQuery = graphql(`
  query Organization($id: ID!) {
    node(id: $id) {
      __typename
      ... on Organization {
        id
        version
        name
        nameEn
        aliases
        kind
        country
        region
        city
        isGlobal500
        isStateOwned
        foundedOn
        fundTargetAmount
        fundCommittedAmount
        currency
        website
        description
        parent { id name nameEn }
      }
    }
  }
`);

export const OrgMembersQuery = graphql(`
  query OrgMembers($id: ID!, $after: String) {
    node(id: $id) {
      ... on Organization {
        id
        members(first: 15, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { id role title person { id name nameLatin } } }
        }
      }
    }
  }
`);

export const OrgChildrenQuery = graphql(`
  query OrgChildren($id: ID!, $after: String) {
    node(id: $id) {
      ... on Organization {
        id
        subOrganizations(first: 15, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { id name nameEn kind city } }
        }
      }
    }
  }
`);

export const OrgPositionsQuery = graphql(`
  query OrgPositions($id: ID!, $after: String) {
    node(id: $id) {
      ... on Organization {
        id
        positions(first: 10, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { id title field kind place openings status } }
        }
      }
    }
  }
`);

export const OrgProjectsQuery = graphql(`
  query OrgProjects($id: ID!, $after: String) {
    node(id: $id) {
      ... on Organization {
        id
        projects(first: 10, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { id role project { id name nameEn stage intendedAmount signedAmount currency } } }
        }
      }
    }
  }
`);

export const OrgAgreementsQuery = graphql(`
  query OrgAgreements($id: ID!, $after: String) {
    node(id: $id) {
      ... on Organization {
        id
        agreements(first: 10, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { id role agreement { id title kind status amount currency signedOn } } }
        }
      }
    }
  }
`);

export const CreateOrganizationMutation = graphql(`
  mutation CreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      organization { id }
      errors { field message code }
    }
  }
`);
