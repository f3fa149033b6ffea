import { graphql } from "../../gql";

export const ExplorerEgoQuery = graphql(`
  query ExplorerEgo($id: ID!, $radius: Int!) {
    egoNetwork(id: $id, radius: $radius, maxNodes: 300) {
      center
      truncated
      nodes {
        distance
        pagerank
        betweenness
        community
        node {
          id
          type
          label
          node {
            __typename
            ... on Person { id country expertise }
            ... on Organization { id kind country }
          }
        }
      }
      edges { source target kind strength }
    }
  }
`);

export const ExplorerPathsQuery = graphql(`
  query ExplorerPaths($from: ID!, $to: ID!, $avoid: [ID!]) {
    introductionPaths(from: $from, to: $to, first: 1, maxHops: 4, avoid: $avoid) {
      strength
      hops {
        from { id type label }
        to { id type label }
        kind
        strength
        evidence
      }
    }
  }
`);

export const ExplorerCardQuery = graphql(`
  query ExplorerCard($id: ID!) {
    node(id: $id) {
      __typename
      ... on Person {
        id
        name
        nameLatin
        country
        city
        expertise
        affiliations(first: 6) {
          edges { node { id role title organization { id name } } }
        }
      }
      ... on Organization { id name nameEn kind country city }
    }
  }
`);
