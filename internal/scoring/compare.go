package scoring

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// Pace benchmarks: the 2026 article's "90 days of focus typically moves an
// organisation one level", with a tenth of slack so that a quarterly
// cadence of 91 to 99 days still counts; and the least time worth judging
// a pace over.
const (
	paceDays    = 90
	paceSlack   = 0.9
	minPaceDays = 14
)

// maxProblems bounds how many files an error about a comparison names one
// by one.
const maxProblems = 10

// Comparer gathers the results of a comparison one at a time, keeping of
// each only what a comparison needs — its summary and each answer's
// question, prompt, label and note, with the text that results share
// stored once — so thousands of results can be streamed through it. It is
// not safe for concurrent use.
type Comparer struct {
	entries []entry
	strs    map[string]string
	// same caches whether two digests of a built-in questionnaire version
	// are the same content, by "id@version digest digest".
	same map[string]bool
}

type entry struct {
	r      *result.Result
	file   string
	digest string
}

// NewComparer starts an empty comparison.
func NewComparer() *Comparer {
	return &Comparer{strs: map[string]string{}, same: map[string]bool{}}
}

// Add takes one result, read from file (used in messages and the reports
// people read), whose bytes have the given digest (see Digest), or ""
// when no output of the comparison names the results by digest.
func (c *Comparer) Add(file, digest string, r *result.Result) {
	c.entries = append(c.entries, entry{r: c.slim(r), file: file, digest: digest})
}

// savedDigest is the digest of a result that has no file, such as one
// just scored: that of the result as it would be saved.
func savedDigest(r *result.Result) string {
	data, err := result.Marshal(r)
	if err != nil {
		return ""
	}
	return Digest(data)
}

// Digest is how a comparison identifies a result file: "sha256:" and the
// hex SHA-256 of its bytes.
func Digest(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Len is the number of results added.
func (c *Comparer) Len() int { return len(c.entries) }

// intern returns s, stored once across every result.
func (c *Comparer) intern(s string) string {
	if t, ok := c.strs[s]; ok {
		return t
	}
	c.strs[s] = s
	return s
}

// slim copies what a comparison reads from a result.
func (c *Comparer) slim(r *result.Result) *result.Result {
	in := c.intern
	s := &result.Result{
		Questionnaire: result.QuestionnaireRef{ID: in(r.Questionnaire.ID), Version: in(r.Questionnaire.Version), Title: in(r.Questionnaire.Title), Digest: in(r.Questionnaire.Digest)},
		Respondent:    result.Respondent{Name: in(r.Respondent.Name), Role: in(r.Respondent.Role), Org: in(r.Respondent.Org)},
		AssessedAt:    r.AssessedAt,
		Overall: result.Overall{Level: r.Overall.Level, LevelName: in(r.Overall.LevelName), Score: r.Overall.Score,
			Index: r.Overall.Index, Provisional: r.Overall.Provisional},
		Dimensions: make([]result.Dimension, len(r.Dimensions)),
		Answers:    make([]result.Answer, len(r.Answers)),
	}
	for i, d := range r.Dimensions {
		s.Dimensions[i] = result.Dimension{ID: in(d.ID), Name: in(d.Name), Level: d.Level, Score: d.Score}
	}
	for i, a := range r.Answers {
		s.Answers[i] = result.Answer{Question: in(a.Question), Dimension: in(a.Dimension), Prompt: in(a.Prompt),
			Status: a.Status, Level: a.Level, Label: in(a.Label), Note: a.Note}
	}
	return s
}

// Compare lines results up by when they were assessed (ties keep the given
// order) and works out what changed: between each result and the next, from
// the first to the last, the pace, and the levels that went down in the
// latest step. files name the results in messages and may be nil. Results
// of different questionnaires are refused. Results scored with different
// versions or wordings of one are not comparable: the change between them
// says so, and nothing that went down across it is a regression.
func Compare(rs []*result.Result, files []string, tool result.Tool) (*result.Comparison, error) {
	c := NewComparer()
	for i, r := range rs {
		file := ""
		if i < len(files) {
			file = files[i]
		}
		c.Add(file, savedDigest(r), r)
	}
	return c.Compare(tool)
}

// Compare compares the results added so far, in the order they were
// assessed; see the function Compare.
func (c *Comparer) Compare(tool result.Tool) (*result.Comparison, error) {
	return c.compare(tool, true)
}

// CompareWithBaseline compares a new result with a baseline in that order,
// whatever their dates say: the new result is the one just made. The
// comparison is a section of the new result's report, never a document
// of its own, so its results carry no digest.
func CompareWithBaseline(baseline, latest *result.Result, baselineFile string, tool result.Tool) (*result.Comparison, error) {
	c := NewComparer()
	c.Add(baselineFile, "", baseline)
	c.Add("this result", "", latest)
	return c.compare(tool, false)
}

func (c *Comparer) compare(tool result.Tool, byDate bool) (*result.Comparison, error) {
	es := c.entries
	if len(es) < 2 {
		return nil, fmt.Errorf("a comparison needs at least two results, got %d", len(es))
	}
	name := func(i int) string {
		if es[i].file != "" {
			return es[i].file
		}
		return fmt.Sprintf("result %d", i+1)
	}
	first := es[0].r.Questionnaire.ID
	mixed := false
	for _, e := range es {
		mixed = mixed || e.r.Questionnaire.ID != first
	}
	if mixed {
		var probs diag.Problems
		for i, e := range es {
			probs = append(probs, diag.Problem{File: name(i),
				Msg: fmt.Sprintf("is a result of questionnaire %q; results of different questionnaires cannot be compared", e.r.Questionnaire.ID)})
		}
		return nil, probs.Limit(maxProblems, "results")
	}

	sorted := slices.Clone(es)
	if byDate {
		slices.SortStableFunc(sorted, func(a, b entry) int { return a.r.AssessedAt.Compare(b.r.AssessedAt) })
	}
	rs := make([]*result.Result, len(sorted))
	cmpn := &result.Comparison{
		Schema:        result.CompareSchema,
		Tool:          tool,
		Questionnaire: result.ComparedQuestion{ID: first, Title: sorted[len(sorted)-1].r.Questionnaire.Title},
		Regressions:   []result.Regression{},
		Notes:         []string{},
	}
	for i, e := range sorted {
		rs[i] = e.r
		cmpn.Results = append(cmpn.Results, summarize(e))
	}
	for i := 1; i < len(rs); i++ {
		cmpn.Steps = append(cmpn.Steps, c.change(rs, i-1, i))
	}
	cmpn.Change = c.change(rs, 0, len(rs)-1)
	cmpn.Pace = pace(cmpn.Change, rs[0], rs[len(rs)-1])
	if latest := cmpn.Steps[len(cmpn.Steps)-1]; latest.Comparable {
		cmpn.Regressions = regressions(latest)
	}
	cmpn.Notes = notes(cmpn)
	return cmpn, nil
}

func summarize(e entry) result.ComparedResult {
	r := e.r
	s := result.ComparedResult{
		File:          e.file,
		Digest:        e.digest,
		Respondent:    r.Respondent,
		AssessedAt:    r.AssessedAt,
		Questionnaire: r.Questionnaire,
		Level:         r.Overall.Level,
		LevelName:     r.Overall.LevelName,
		Score:         r.Overall.Score,
		Index:         r.Overall.Index,
		Provisional:   r.Overall.Provisional,
		Dimensions:    make([]result.ComparedDimension, 0, len(r.Dimensions)),
		Answers:       r.Answers,
	}
	for _, d := range r.Dimensions {
		s.Dimensions = append(s.Dimensions, result.ComparedDimension{ID: d.ID, Name: d.Name, Level: d.Level, Score: d.Score})
	}
	return s
}

// comparable reports whether two results were scored with the same
// questionnaire: the same version and content. Digests that differ still
// name the same content when the built-in questionnaire of that version
// lists both (earlier versions of the tool hashed the file's bytes).
func (c *Comparer) comparable(a, b result.QuestionnaireRef) bool {
	switch {
	case a.ID != b.ID || a.Version != b.Version:
		return false
	case a.Digest == b.Digest || a.Digest == "" || b.Digest == "":
		return true
	}
	key := a.ID + "@" + a.Version + " " + min(a.Digest, b.Digest) + " " + max(a.Digest, b.Digest)
	same, ok := c.same[key]
	if !ok {
		q := questionnaire.BuiltinVersion(a.ID, a.Version)
		same = q != nil && q.SameContent(a.Digest) && q.SameContent(b.Digest)
		c.same[key] = same
	}
	return same
}

func direction(from, to int) string {
	switch {
	case to > from:
		return result.Up
	case to < from:
		return result.Down
	}
	return result.Same
}

func delta(comparable bool, fromLevel, toLevel int, fromScore, toScore, fromIndex, toIndex float64) result.Delta {
	d := result.Delta{
		FromLevel: fromLevel, ToLevel: toLevel, Levels: toLevel - fromLevel,
		FromScore: fromScore, ToScore: toScore, Score: result.Round2(toScore - fromScore),
		FromIndex: fromIndex, ToIndex: toIndex, Index: result.Round2(toIndex - fromIndex),
		Direction: direction(fromLevel, toLevel),
	}
	if !comparable {
		d.Direction = result.Changed
	}
	return d
}

// change compares result i with result j: the overall level, every
// dimension both have, and every shared question whose answer moved.
func (c *Comparer) change(rs []*result.Result, i, j int) result.Change {
	a, b := rs[i], rs[j]
	ok := c.comparable(a.Questionnaire, b.Questionnaire)
	ch := result.Change{
		From: i, To: j,
		Days:       int(math.Floor(b.AssessedAt.Sub(a.AssessedAt).Hours() / 24)),
		Comparable: ok,
		Overall:    delta(ok, a.Overall.Level, b.Overall.Level, a.Overall.Score, b.Overall.Score, a.Overall.Index, b.Overall.Index),
		Dimensions: []result.DimensionDelta{},
		Moved:      []result.MovedQuestion{},
	}
	for _, db := range b.Dimensions {
		da := a.Dimension(db.ID)
		if da == nil {
			continue
		}
		ch.Dimensions = append(ch.Dimensions, result.DimensionDelta{
			ID: db.ID, Name: db.Name,
			Delta: delta(ok, da.Level, db.Level, da.Score, db.Score, 0, 0),
		})
	}
	before := make(map[string]*result.Answer, len(a.Answers))
	for k := range a.Answers {
		before[a.Answers[k].Question] = &a.Answers[k]
	}
	for _, to := range b.Answers {
		from, found := before[to.Question]
		if !found || (from.Status == to.Status && from.Level == to.Level) {
			continue
		}
		dir := result.Changed
		if ok && from.Status == result.Answered && to.Status == result.Answered {
			dir = direction(from.Level, to.Level)
		}
		ch.Moved = append(ch.Moved, result.MovedQuestion{
			Question: to.Question, Dimension: to.Dimension, Prompt: to.Prompt,
			FromStatus: from.Status, FromLevel: from.Level, FromLabel: from.Label,
			ToStatus: to.Status, ToLevel: to.Level, ToLabel: to.Label,
			Direction: dir,
		})
	}
	// Biggest moves first, then questionnaire order.
	slices.SortStableFunc(ch.Moved, func(x, y result.MovedQuestion) int {
		return cmp.Compare(abs(y.ToLevel-y.FromLevel), abs(x.ToLevel-x.FromLevel))
	})
	return ch
}

func abs(x int) int { return max(x, -x) }

// pace measures the first-to-last change against one level per 90 days.
func pace(ch result.Change, first, last *result.Result) result.Pace {
	p := result.Pace{Days: ch.Days, Levels: ch.Overall.Levels}
	from, to := first.Overall.Level, last.Overall.Level
	span := fmt.Sprintf("%d days", ch.Days)
	if ch.Days == 1 {
		span = "1 day"
	}
	switch {
	case !ch.Comparable:
		p.Summary = fmt.Sprintf("No pace to judge: the first and the latest result were scored with different questionnaires (%s), so their levels are not on one scale.",
			versionChange(first.Questionnaire, last.Questionnaire))
		return p
	case ch.Days < 0:
		p.Summary = fmt.Sprintf("The baseline (%s) is newer than this result (%s), so there is no pace to judge.",
			first.AssessedAt.Format("2 Jan 2006"), last.AssessedAt.Format("2 Jan 2006"))
		return p
	case ch.Days < minPaceDays:
		p.Summary = fmt.Sprintf("Too soon to judge the pace: %s between the first and the last result; give it at least %d.", span, minPaceDays)
		return p
	}
	levels := result.Round2(float64(ch.Overall.Levels) * paceDays / float64(ch.Days))
	index := result.Round2(ch.Overall.Index * paceDays / float64(ch.Days))
	p.LevelsPer90Days, p.IndexPer90Days = &levels, &index
	onPace := levels >= paceSlack || (from == result.MaxLevel && to == result.MaxLevel)
	p.OnPace = &onPace
	moved := fmt.Sprintf("the level went from %d to %d (%+d)", from, to, ch.Overall.Levels)
	if from == to {
		moved = fmt.Sprintf("the level stayed at %d", from)
	}
	switch {
	case from == result.MaxLevel && to == result.MaxLevel:
		p.Summary = fmt.Sprintf("In %s the organisation held Level 5: on pace.", span)
	case onPace:
		p.Summary = fmt.Sprintf("In %s %s: %s levels per 90 days, on pace for one level per 90 days.", span, moved, num2(levels))
	default:
		p.Summary = fmt.Sprintf("In %s %s: %s levels per 90 days, behind the pace of one level per 90 days (the index moved %+.0f points).", span, moved, num2(levels), ch.Overall.Index)
	}
	return p
}

func num2(x float64) string {
	s := fmt.Sprintf("%.2f", x)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

// versionChange says how the questionnaire changed: "1.0 → 1.1", or
// "1.1, another wording" when only the content digest differs.
func versionChange(a, b result.QuestionnaireRef) string {
	if a.Version == b.Version {
		return a.Version + ", another wording"
	}
	return a.Version + " → " + b.Version
}

// regressions lists what went down in a step: the overall level and every
// dimension level.
func regressions(step result.Change) []result.Regression {
	out := []result.Regression{}
	if step.Overall.Direction == result.Down {
		out = append(out, result.Regression{What: "overall", Name: "Overall level", FromLevel: step.Overall.FromLevel, ToLevel: step.Overall.ToLevel})
	}
	for _, d := range step.Dimensions {
		if d.Direction == result.Down {
			out = append(out, result.Regression{What: d.ID, Name: d.Name, FromLevel: d.FromLevel, ToLevel: d.ToLevel})
		}
	}
	return out
}

// StepNote is what a comparison says about step s between two of its
// results when they are not comparable: that the questionnaire changed,
// and how to compare like with like.
func StepNote(c *result.Comparison, s result.Change) string {
	a, b := c.Results[s.From], c.Results[s.To]
	return fmt.Sprintf("The questionnaire changed between the results of %s and %s (%s): their levels are not compared, and nothing that went down there is a regression; compare like with like: `convergence rescore OLD.json` moves an old result to the current version.",
		a.AssessedAt.Format("2 Jan 2006"), b.AssessedAt.Format("2 Jan 2006"), versionChange(a.Questionnaire, b.Questionnaire))
}

// notes explain what a reader could misread: steps between results that
// are not comparable, and provisional levels.
func notes(c *result.Comparison) []string {
	out := []string{}
	for _, s := range c.Steps {
		if !s.Comparable {
			out = append(out, StepNote(c, s))
		}
	}
	var provisional []string
	for i, s := range c.Results {
		if s.Provisional {
			provisional = append(provisional, fmt.Sprintf("Result %d (%s) is provisional: some answers were \"not sure\".", i+1, s.AssessedAt.Format("2 Jan 2006")))
		}
	}
	if len(provisional) > maxProblems {
		// Thousands of results make one note, not thousands.
		provisional = []string{fmt.Sprintf("%d of the %d results are provisional: some answers were \"not sure\".", len(provisional), len(c.Results))}
	}
	out = append(out, provisional...)
	return out
}
