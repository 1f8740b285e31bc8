package scoring_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
)

// summary scores answers for one respondent and reads the result back the
// way a workshop does, through its JSON.
func summary(t *testing.T, q *questionnaire.Questionnaire, name, role string, overrides map[string]string) *result.Summary {
	t.Helper()
	a := answers(q, "3", overrides)
	a.Respondent = questionnaire.Respondent{Name: name, Role: role, Org: "Acme"}
	r := score(t, q, a)
	var buf bytes.Buffer
	if err := report.Write(&buf, r, report.JSON, report.Options{}); err != nil {
		t.Fatal(err)
	}
	s, err := result.ParseSummary(name+".json", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// threeFunctions is a workshop with hand-computed figures: marketing,
// sales and service agree on everything (3) except the customer ID, the KPI
// definitions, how insight reaches marketing, and service's consent answer.
func threeFunctions(t *testing.T) (*questionnaire.Questionnaire, *scoring.Aggregator) {
	q := defaultQ(t)
	agg := scoring.NewAggregator(q)
	people := []struct {
		name, role string
		o          map[string]string
	}{
		{"Mia", "marketing", map[string]string{"data.customer-id": "4", "kpis.definitions": "4"}},
		{"Sal", "sales", map[string]string{"data.customer-id": "2", "kpis.definitions": "3", "alignment.insight": "1"}},
		{"Sev", "service", map[string]string{"data.customer-id": "1", "kpis.definitions": "2", "alignment.insight": "4", "data.consent": "unsure"}},
	}
	for _, p := range people {
		if err := agg.Add(p.name+".json", summary(t, q, p.name, p.role, p.o)); err != nil {
			t.Fatal(err)
		}
	}
	return q, agg
}

func TestWorkshopHandComputed(t *testing.T) {
	_, agg := threeFunctions(t)
	w, err := agg.Workshop(scoring.WorkshopOptions{Tool: result.Tool{Name: "convergence", Version: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	spread := map[string]result.QuestionSpread{}
	for _, s := range w.Questions {
		spread[s.Question] = s
	}
	type qs struct {
		Mean             float64
		Min, Max, Spread int
		Answered, Unsure int
	}
	got := map[string]qs{}
	for _, id := range []string{"data.customer-id", "kpis.definitions", "alignment.insight", "data.consent", "data.quality"} {
		s := spread[id]
		got[id] = qs{s.Mean, s.Min, s.Max, s.Spread, s.Answered, s.Unsure}
	}
	want := map[string]qs{
		"data.customer-id":  {2.33, 1, 4, 3, 3, 0},
		"kpis.definitions":  {3, 2, 4, 2, 3, 0},
		"alignment.insight": {2.67, 1, 4, 3, 3, 0},
		"data.consent":      {2.33, 3, 3, 0, 2, 1},
		"data.quality":      {3, 3, 3, 0, 3, 0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("question spreads (-want +got):\n%s", diff)
	}

	// Hotspots: spread 3 before 2; equal spreads by the gap between roles,
	// then questionnaire order.
	var hot []string
	for _, h := range w.Hotspots {
		hot = append(hot, h.Question)
	}
	if diff := cmp.Diff([]string{"data.customer-id", "alignment.insight", "kpis.definitions"}, hot); diff != "" {
		t.Errorf("hotspots (-want +got):\n%s", diff)
	}
	h := w.Hotspots[0]
	if h.RoleGap != 3 || h.Low.Level != 1 || h.Low.Roles[0] != "service" || h.High.Level != 4 || h.High.Roles[0] != "marketing" {
		t.Errorf("customer-id hotspot = %+v", h)
	}
	if len(h.Answers) != 3 || h.Answers[0].Respondent != "Mia" || h.Answers[0].Label != "Also in every other customer system: service, product, ads" {
		t.Errorf("who answered what = %+v", h.Answers)
	}

	// By role: each respondent's own dimension scores.
	byRole := map[string][]float64{}
	for _, r := range w.ByRole {
		for _, d := range r.Dimensions {
			byRole[r.Role] = append(byRole[r.Role], d.Mean)
		}
	}
	wantRoles := map[string][]float64{
		"marketing": {3.2, 3, 3.25, 3},
		"sales":     {2.8, 3, 3, 2.67},
		"service":   {2.2, 3, 2.75, 3.17},
	}
	if diff := cmp.Diff(wantRoles, byRole); diff != "" {
		t.Errorf("by role (-want +got):\n%s", diff)
	}
	d := w.Dimensions[0]
	if d.Mean != 2.73 || d.Min != 2.2 || d.Max != 3.2 || d.StdDev != 0.41 {
		t.Errorf("data dimension spread = %+v", d)
	}

	// The group is scored by the same rules as one person, "not sure"
	// scoring 1: the data dimension has two means at 2.33 (the customer ID,
	// and consent with service unsure), so it is at Level 2, as is the
	// group, which the customer-ID gate (2.33 < 3) would hold at 2 anyway.
	// The group's data score is the respondents' mean, within their range.
	if w.Overall.Level != 2 || len(w.Overall.CappedBy) != 1 || w.Overall.CappedBy[0].Question != "data.customer-id" {
		t.Errorf("group overall = %+v", w.Overall)
	}
	if d.Level != 2 || d.Score != 2.73 || d.Score < d.Min || d.Score > d.Max {
		t.Errorf("group data dimension = %+v", d)
	}
	if w.Overall.Provisional {
		t.Error("confirming consent would not lift the customer-ID gate: not provisional")
	}
	if len(w.Unknowns) != 1 || w.Unknowns[0].Question != "data.consent" || w.Unknowns[0].Unsure != 1 || w.Unknowns[0].Of != 3 {
		t.Errorf("unknowns = %+v", w.Unknowns)
	}
	if w.Plan.TargetLevel != 3 {
		t.Errorf("plan target %d", w.Plan.TargetLevel)
	}
}

func TestWorkshopAnonymousAndStable(t *testing.T) {
	_, agg := threeFunctions(t)
	w, err := agg.Workshop(scoring.WorkshopOptions{Anonymous: true})
	if err != nil {
		t.Fatal(err)
	}
	named, err := agg.Workshop(scoring.WorkshopOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if named.Respondents[0].Name != "Mia" {
		t.Errorf("an anonymous report changed the aggregate: %q", named.Respondents[0].Name)
	}
	first, _ := json.Marshal(w)
	if bytes.Contains(first, []byte(`"Mia"`)) || !bytes.Contains(first, []byte(`"Respondent 1"`)) {
		t.Error("anonymous workshop still names people")
	}
	if w.Hotspots[0].Answers[0].Role != "marketing" {
		t.Error("anonymous workshop should keep roles")
	}
}

func TestAggregatorRefusesOtherQuestionnaires(t *testing.T) {
	q := defaultQ(t)
	agg := scoring.NewAggregator(q)
	s := summary(t, q, "A", "sales", nil)
	s.Questionnaire.Version = "0.9"
	err := agg.Add("old.json", s)
	if err == nil || err.Error() != "old.json: is a result of convergence-core@0.9, not convergence-core@1.1" {
		t.Errorf("err = %v", err)
	}
	if _, err := agg.Workshop(scoring.WorkshopOptions{}); err == nil {
		t.Error("an empty workshop was scored")
	}
}

func TestWorkshopMatchesItsSchema(t *testing.T) {
	_, agg := threeFunctions(t)
	w, err := agg.Workshop(scoring.WorkshopOptions{Tool: result.Tool{Name: "convergence", Version: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	validateAgainst(t, "workshop.v1.json", w)
}

// A group where some were unsure is provisional, like one person: the
// level with the unknowns left out is what the others said.
func TestWorkshopUnsureMakesTheGroupProvisional(t *testing.T) {
	q := defaultQ(t)
	agg := scoring.NewAggregator(q)
	for i, o := range []map[string]string{nil, nil, {"data.customer-id": "unsure"}, {"data.customer-id": "unsure"}} {
		name := string(rune('A' + i))
		if err := agg.Add(name+".json", summary(t, q, name, "sales", o)); err != nil {
			t.Fatal(err)
		}
	}
	w, err := agg.Workshop(scoring.WorkshopOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// customer-id: 3, 3, unsure, unsure scores (3+3+1+1)/4 = 2 and fails
	// the Level 3 gate; confirmed, it is 3 and the group is at Level 3.
	if w.Overall.Level != 2 || !w.Overall.Provisional || w.Overall.LevelIfConfirmed != 3 {
		t.Errorf("overall = %+v", w.Overall)
	}
}
