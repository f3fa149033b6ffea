import { graphql } from "../../gql";

export const EventsQuery = graphql(`
  query Events($after: String) {
    events(first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name nameEn kind startsOn endsOn city parent { id name nameEn } } }
    }
  }
`);

export const ReportAmountFragment = graphql(`
  fragment ReportAmount on EventReportAmount { amount currency }
`);

export const EventReportQuery = graphql(`
  query EventReport($event: ID!) {
    eventReport(event: $event) {
      event { id name nameEn kind startsOn endsOn city place }
      sessions
      newTies
      guests { total attendees academicians acfrocExperts overseas employerRepresentatives talentWall }
      projects {
        projectLeads entrepreneurialProjects highTechAchievements cooperationProjects investmentProjects negotiated total
        bySession { event { id name nameEn } projectLeads entrepreneurialProjects highTechAchievements negotiated total }
      }
      agreements {
        signed
        preliminaryIntentions
        amounts { ...ReportAmount }
        mechanismAgreements { agreement { id } title parties { name nameEn role } }
      }
      fundsEstablished { fund { id } name nameEn targetAmount { ...ReportAmount } committedAmount { ...ReportAmount } }
      employment { positionsOffered openings highLevelDemands flexiblePositions employersOffering global500Employers stateOwnedEmployers }
      recruitment { resumesReceived applicants overseasApplicants talentsWithPreliminaryIntentions }
      introductions { made talentsIntroduced talentsIntroducedToEmployers employersIntroduced }
      outreach { offlineRegions offlineParticipants onlineVisits }
    }
  }
`);
