package scoring

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// Answer codes kept per respondent and question: a level 1..5, or one of
// these. One byte each keeps ten thousand respondents small.
const (
	codeMissing int8 = 0
	codeUnsure  int8 = -1
	codeNA      int8 = -2
)

// maxListedAnswers is the largest workshop whose hotspots list every
// respondent's answer; bigger ones are summarised by role.
const maxListedAnswers = 30

// Aggregator combines many results of one questionnaire into a workshop.
// It keeps only what the aggregate needs (a byte per answer, a number per
// dimension), so results can be streamed through it. It is not safe for
// concurrent use; feed it from one goroutine.
type Aggregator struct {
	q         *questionnaire.Questionnaire
	questions []*questionnaire.Question
	qIndex    map[string]int
	dimIndex  map[string]int
	people    []person
}

type person struct {
	file  string
	resp  result.WorkshopRespondent
	codes []int8
	dims  []float64 // NaN where the result has no score
}

// NewAggregator starts an aggregate for results of q.
func NewAggregator(q *questionnaire.Questionnaire) *Aggregator {
	a := &Aggregator{q: q, questions: q.Questions(), qIndex: map[string]int{}, dimIndex: map[string]int{}}
	for i, qu := range a.questions {
		a.qIndex[qu.ID] = i
	}
	for i, d := range q.Dimensions {
		a.dimIndex[d.ID] = i
	}
	return a
}

// Respondents lists who is in the aggregate, in the order the workshop
// document lists them: by when they answered, then by name.
func (a *Aggregator) Respondents() []result.WorkshopRespondent {
	a.sort()
	out := make([]result.WorkshopRespondent, len(a.people))
	for i, p := range a.people {
		out[i] = p.resp
	}
	return out
}

// sort puts the results in a stable order: files arrive in whatever order
// they were read. Only the order changes; what the aggregate holds does not.
func (a *Aggregator) sort() {
	slices.SortStableFunc(a.people, func(x, y person) int {
		return cmp.Or(x.resp.AssessedAt.Compare(y.resp.AssessedAt),
			strings.Compare(x.resp.Name, y.resp.Name), strings.Compare(x.resp.Role, y.resp.Role), strings.Compare(x.file, y.file))
	})
}

// Add takes one result. A result of another questionnaire, or with answers
// to questions the questionnaire does not have, is refused naming the file.
func (a *Aggregator) Add(file string, s *result.Summary) error {
	switch {
	case s.Questionnaire.ID != a.q.ID || s.Questionnaire.Version != a.q.Version:
		return diag.Errorf(file, "is a result of %s@%s, not %s",
			s.Questionnaire.ID, s.Questionnaire.Version, a.q.Ref())
	case s.Questionnaire.Digest != "" && !a.q.SameContent(s.Questionnaire.Digest):
		return diag.Errorf(file, "was scored with other wording of %s than the questionnaire in use; give that questionnaire with --questionnaire",
			a.q.Ref())
	}
	p := person{
		file: file,
		resp: result.WorkshopRespondent{
			Name: s.Respondent.Name, Role: s.Respondent.Role, Org: s.Respondent.Org,
			Level: s.Overall.Level, LevelName: s.Overall.LevelName, Index: s.Overall.Index,
			AssessedAt: s.AssessedAt,
		},
		codes: make([]int8, len(a.questions)),
		dims:  make([]float64, len(a.q.Dimensions)),
	}
	for _, ans := range s.Answers {
		i, ok := a.qIndex[ans.Question]
		if !ok {
			return diag.Errorf(file, "answers question %q, which %s does not have", ans.Question, a.q.Ref())
		}
		switch {
		case ans.Status == result.Unsure:
			p.codes[i] = codeUnsure
		case ans.Status == result.NA:
			p.codes[i] = codeNA
		case ans.Level >= result.MinLevel && ans.Level <= result.MaxLevel:
			p.codes[i] = int8(ans.Level)
		default:
			return diag.Errorf(file, "the answer to %q has level %d, outside 1 to 5", ans.Question, ans.Level)
		}
	}
	for i := range p.dims {
		p.dims[i] = math.NaN()
	}
	for _, d := range s.Dimensions {
		if i, ok := a.dimIndex[d.ID]; ok {
			p.dims[i] = d.Score
		}
	}
	a.people = append(a.people, p)
	return nil
}

// WorkshopOptions shape the aggregate.
type WorkshopOptions struct {
	Tool result.Tool
	// Anonymous replaces names with "Respondent N"; roles are kept, since
	// where the roles disagree is the point.
	Anonymous bool
}

// Workshop scores the group and works out where the respondents disagree.
func (a *Aggregator) Workshop(opts WorkshopOptions) (*result.Workshop, error) {
	if len(a.people) == 0 {
		return nil, fmt.Errorf("a workshop needs at least one result")
	}
	// The respondents as the document shows them; the names are replaced
	// in this copy only, so the aggregate can be asked again with other
	// options.
	respondents := a.Respondents()
	names := make([]string, len(respondents))
	for i := range respondents {
		if opts.Anonymous {
			respondents[i].Name = fmt.Sprintf("Respondent %d", i+1)
		}
		names[i] = respondents[i].Name
		if names[i] == "" {
			names[i] = fmt.Sprintf("Respondent %d", i+1)
		}
	}

	spreads := make([]result.QuestionSpread, len(a.questions))
	vals := make(map[string]value, len(a.questions))
	for i, qu := range a.questions {
		var answered int
		spreads[i], answered = a.spread(i, qu)
		switch sp := spreads[i]; {
		case sp.Answered > 0:
			// The same rule as for one person: "not sure" scores 1. A mean
			// that includes unsure answers is partial; with them left out
			// it gives the level the group would have if they were
			// confirmed, so the group can be provisional too.
			v := value{status: result.Answered,
				level:     float64(answered+sp.Unsure*result.MinLevel) / float64(sp.Answered+sp.Unsure),
				confirmed: float64(answered) / float64(sp.Answered),
				partial:   sp.Unsure > 0}
			vals[qu.ID] = v
			spreads[i].Mean = result.Round2(v.level)
		case spreads[i].Unsure > 0:
			vals[qu.ID] = value{status: result.Unsure, level: result.MinLevel}
		default:
			vals[qu.ID] = value{status: result.NA}
		}
		spreads[i].Status = vals[qu.ID].status
	}
	for i, d := range a.q.Dimensions {
		counted := 0
		for _, qu := range d.Questions {
			if vals[qu.ID].status != result.NA {
				counted++
			}
		}
		if counted == 0 {
			return nil, fmt.Errorf("every respondent answered %q to all questions of %s, so the group has no score there", "na", a.q.Dimensions[i].Name)
		}
	}
	group := build(a.q, vals)

	w := &result.Workshop{
		Schema:        result.WorkshopSchema,
		Tool:          opts.Tool,
		Questionnaire: group.Questionnaire,
		Anonymous:     opts.Anonymous,
		Levels:        group.Levels,
		Overall:       group.Overall,
		Questions:     spreads,
		Plan:          group.Plan,
	}
	var latest time.Time
	for _, r := range respondents {
		if r.AssessedAt.After(latest) {
			latest = r.AssessedAt
		}
	}
	w.Respondents = respondents
	w.AssessedAt = latest
	w.Answers = a.answers()
	for i, d := range group.Dimensions {
		w.Dimensions = append(w.Dimensions, a.dimension(i, d))
	}
	w.ByRole = a.byRole()
	w.Hotspots = a.hotspots(spreads, names)
	for _, g := range group.Gaps {
		w.Gaps = append(w.Gaps, result.WorkshopGap{
			Question: g.Question, Dimension: g.Dimension, Prompt: g.Prompt,
			Mean: spreads[a.qIndex[g.Question]].Mean, Level: g.Level, Target: g.Target, Next: g.Next, Priority: g.Priority,
			Topic: g.Topic, Actions: g.Actions,
		})
	}
	w.Gaps = nonNil(w.Gaps)
	w.Unknowns = []result.WorkshopUnknown{}
	for i, s := range spreads {
		if s.Unsure > 0 {
			w.Unknowns = append(w.Unknowns, result.WorkshopUnknown{
				Question: s.Question, Dimension: s.Dimension, Prompt: s.Prompt, Help: a.questions[i].Help,
				Unsure: s.Unsure, Of: len(a.people),
			})
		}
	}
	return w, nil
}

// answers are each respondent's answers, in the order of Respondents
// (the people are sorted by then), with the labels the questionnaire gives
// them.
func (a *Aggregator) answers() [][]result.RespondentAnswer {
	out := make([][]result.RespondentAnswer, len(a.people))
	for j, p := range a.people {
		row := make([]result.RespondentAnswer, len(p.codes))
		for i, c := range p.codes {
			st, level, label := decode(c, a.questions[i])
			row[i] = result.RespondentAnswer{Status: st, Level: level, Label: label}
		}
		out[j] = row
	}
	return out
}

// decode is what a respondent's code for question qu shows: its status,
// its level (0 unless answered) and the label of that answer. A question
// the respondent's result does not have counts as not applicable.
func decode(c int8, qu *questionnaire.Question) (result.Status, int, string) {
	switch c {
	case codeUnsure:
		return result.Unsure, 0, result.NotSureLabel
	case codeNA, codeMissing:
		return result.NA, 0, result.NotApplicableLabel
	}
	return result.Answered, int(c), qu.Option(int(c))
}

// spread summarises the answers to question i, overall and by role, and
// returns the sum of the levels answered, for the group's mean.
func (a *Aggregator) spread(i int, qu *questionnaire.Question) (result.QuestionSpread, int) {
	s := result.QuestionSpread{Question: qu.ID, Dimension: qu.Dimension, Prompt: qu.Prompt, Topic: qu.Topic, ByRole: []result.RoleMean{}}
	sum := 0
	type acc struct{ sum, n, lo, hi int }
	roles := map[string]*acc{}
	for _, p := range a.people {
		c := p.codes[i]
		switch {
		case c == codeUnsure:
			s.Unsure++
		case c == codeNA || c == codeMissing:
			s.NA++
		default:
			l := int(c)
			if s.Answered == 0 || l < s.Min {
				s.Min = l
			}
			if l > s.Max {
				s.Max = l
			}
			s.Answered++
			sum += l
			r := roles[p.resp.Role]
			if r == nil {
				r = &acc{lo: l, hi: l}
				roles[p.resp.Role] = r
			}
			r.sum, r.n = r.sum+l, r.n+1
			r.lo, r.hi = min(r.lo, l), max(r.hi, l)
		}
	}
	if s.Answered > 0 {
		s.Spread = s.Max - s.Min
	}
	for _, role := range sortedRoles(roles) {
		r := roles[role]
		s.ByRole = append(s.ByRole, result.RoleMean{Role: role, Mean: result.Round2(float64(r.sum) / float64(r.n)), Min: r.lo, Max: r.hi, Answered: r.n})
	}
	return s, sum
}

// sortedRoles lists the roles present in the questionnaire's role order,
// with any other (or no) role last.
func sortedRoles[T any](m map[string]T) []string {
	var out []string
	for _, r := range result.Roles {
		if _, ok := m[r]; ok {
			out = append(out, r)
		}
	}
	var rest []string
	for r := range m {
		if !slices.Contains(result.Roles, r) {
			rest = append(rest, r)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// dimension adds the spread of the respondents' own scores to the group's
// dimension.
func (a *Aggregator) dimension(i int, d result.Dimension) result.WorkshopDimension {
	wd := result.WorkshopDimension{ID: d.ID, Name: d.Name, Weight: d.Weight, Score: d.Score, Level: d.Level, LevelName: d.LevelName}
	var sum, sumSq float64
	n := 0
	for _, p := range a.people {
		x := p.dims[i]
		if math.IsNaN(x) {
			continue
		}
		if n == 0 || x < wd.Min {
			wd.Min = x
		}
		wd.Max = max(wd.Max, x)
		sum += x
		sumSq += x * x
		n++
	}
	if n > 0 {
		mean := sum / float64(n)
		wd.Mean = result.Round2(mean)
		wd.StdDev = result.Round2(math.Sqrt(max(0, sumSq/float64(n)-mean*mean)))
	}
	return wd
}

// byRole is the mean index and dimension scores of each role's respondents.
func (a *Aggregator) byRole() []result.RoleMeans {
	type acc struct {
		n       int
		index   float64
		sums    []float64
		counted []int
	}
	roles := map[string]*acc{}
	for _, p := range a.people {
		r := roles[p.resp.Role]
		if r == nil {
			r = &acc{sums: make([]float64, len(a.q.Dimensions)), counted: make([]int, len(a.q.Dimensions))}
			roles[p.resp.Role] = r
		}
		r.n++
		r.index += p.resp.Index
		for i, x := range p.dims {
			if !math.IsNaN(x) {
				r.sums[i] += x
				r.counted[i]++
			}
		}
	}
	out := []result.RoleMeans{}
	for _, role := range sortedRoles(roles) {
		r := roles[role]
		rm := result.RoleMeans{Role: role, Respondents: r.n, Index: result.Round2(r.index / float64(r.n))}
		for i, d := range a.q.Dimensions {
			m := 0.0
			if r.counted[i] > 0 {
				m = result.Round2(r.sums[i] / float64(r.counted[i]))
			}
			rm.Dimensions = append(rm.Dimensions, result.DimensionMean{ID: d.ID, Mean: m})
		}
		out = append(out, rm)
	}
	return out
}

// hotspots are the questions whose answers are two or more levels apart,
// widest spread first, then the widest gap between role means.
func (a *Aggregator) hotspots(spreads []result.QuestionSpread, names []string) []result.Hotspot {
	out := []result.Hotspot{}
	for i, s := range spreads {
		if s.Spread < 2 {
			continue
		}
		qu := a.questions[i]
		h := result.Hotspot{
			Question: s.Question, Dimension: s.Dimension, Prompt: s.Prompt, Spread: s.Spread, ByRole: s.ByRole,
			Low:     result.HotspotEnd{Level: s.Min, Label: qu.Option(s.Min), Roles: []string{}},
			High:    result.HotspotEnd{Level: s.Max, Label: qu.Option(s.Max), Roles: []string{}},
			Answers: []result.HotspotAnswer{},
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, r := range s.ByRole {
			lo, hi = math.Min(lo, r.Mean), math.Max(hi, r.Mean)
		}
		h.RoleGap = result.Round2(hi - lo)
		lowRoles, highRoles := map[string]bool{}, map[string]bool{}
		for j, p := range a.people {
			c := p.codes[i]
			if int(c) == s.Min {
				lowRoles[p.resp.Role] = true
			}
			if int(c) == s.Max {
				highRoles[p.resp.Role] = true
			}
			if len(a.people) <= maxListedAnswers {
				ans := result.HotspotAnswer{Respondent: names[j], Role: p.resp.Role}
				ans.Status, ans.Level, ans.Label = decode(c, qu)
				h.Answers = append(h.Answers, ans)
			}
		}
		h.Low.Roles, h.High.Roles = sortedRoles(lowRoles), sortedRoles(highRoles)
		out = append(out, h)
	}
	order := map[string]int{}
	for i, s := range spreads {
		order[s.Question] = i
	}
	slices.SortStableFunc(out, func(x, y result.Hotspot) int {
		return cmp.Or(cmp.Compare(y.Spread, x.Spread), cmp.Compare(y.RoleGap, x.RoleGap), cmp.Compare(order[x.Question], order[y.Question]))
	})
	return out
}
