import { graphql } from "../../gql";

export const DashboardBreakdownFragment = graphql(`
  fragment DashboardBreakdown on Breakdown { items { key count } others unknown }
`);

export const DashboardMoneyFragment = graphql(`
  fragment DashboardMoney on Money { amount currency }
`);

export const DashboardQuery = graphql(`
  query Dashboard($period: DatePeriod) {
    dashboard(filter: { period: $period }, top: 10) {
      totals { people organizations events projects positions openings applications introductionsMade interactions }
      agreements {
        signed
        preliminaryIntentions
        signedAmounts { ...DashboardMoney }
        intendedAmounts { ...DashboardMoney }
      }
      peopleByCountry { ...DashboardBreakdown }
      peopleByField { ...DashboardBreakdown }
      organizationsByKind { ...DashboardBreakdown }
      projectsByRegion { ...DashboardBreakdown }
      projectsByField { ...DashboardBreakdown }
      activityFrom
      activityTo
      activity { month newPeople interactions agreementsSigned introductionsMade }
    }
    projectPipeline(filter: { period: $period }) {
      projects
      intendedAmounts { ...DashboardMoney }
      signedAmounts { ...DashboardMoney }
      stages { stage projects reached conversionToNext intendedAmounts { ...DashboardMoney } signedAmounts { ...DashboardMoney } }
    }
    applicationFunnel(filter: { period: $period }) {
      applications
      stages { stage applications reached shareOfSubmitted conversionToNext }
    }
    fundCommitments {
      funds { fund { id name nameEn } target { ...DashboardMoney } committed { ...DashboardMoney } shareInPlace investments }
      totals { currency funds target committed shareInPlace }
    }
  }
`);
