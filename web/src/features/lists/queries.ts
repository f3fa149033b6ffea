import { graphql } from "../../gql";

export const ListsQuery = graphql(`
  query Lists($after: String) {
    lists(first: 20, after: $after, orderBy: [{ field: UPDATED_AT, direction: DESC }]) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name kind description updatedAt owner { id username displayName } members(first: 1) { totalCount } } }
    }
  }
`);

export const ListQuery = graphql(`
  query ListDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on List {
        id
        version
        name
        kind
        description
        viewerCanEdit
        viewerCanManage
        owner { id username displayName }
        shares { canEdit user { id username displayName } }
      }
    }
  }
`);

export const ListMembersQuery = graphql(`
  query ListMembers($id: ID!, $after: String) {
    node(id: $id) {
      ... on List {
        id
        members(first: 20, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { id addedAt
            person { id name nameLatin city country }
            organization { id name nameEn city country } } }
        }
      }
    }
  }
`);

export const StaffDirectoryQuery = graphql(`
  query StaffDirectory($nameContains: String) {
    staffDirectory(nameContains: $nameContains, first: 100) { id username displayName role }
  }
`);

export const CreateListMutation = graphql(`
  mutation CreateList($input: CreateListInput!) {
    createList(input: $input) { list { id } errors { field message code } }
  }
`);

export const RenameListMutation = graphql(`
  mutation RenameList($input: RenameListInput!) {
    renameList(input: $input) { list { id version name description } errors { field message code currentVersion } }
  }
`);

export const AddMembersMutation = graphql(`
  mutation AddListMembers($input: ListMembersInput!) {
    addListMembers(input: $input) { added list { id } errors { field message code } }
  }
`);

export const RemoveMembersMutation = graphql(`
  mutation RemoveListMembers($input: ListMembersInput!) {
    removeListMembers(input: $input) { removed list { id } errors { field message code } }
  }
`);

export const ShareListMutation = graphql(`
  mutation ShareList($input: ShareListInput!) {
    shareList(input: $input) { list { id shares { canEdit user { id username displayName } } } errors { field message code } }
  }
`);

export const UnshareListMutation = graphql(`
  mutation UnshareList($input: UnshareListInput!) {
    unshareList(input: $input) { list { id shares { canEdit user { id username displayName } } } errors { field message code } }
  }
`);
