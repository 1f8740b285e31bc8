package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
)

type rescoreOptions struct {
	file   string
	to     string
	save   string
	force  bool
	output outputFlags
}

func newCmdRescore(f *factory) *cobra.Command {
	opts := &rescoreOptions{}
	cmd := &cobra.Command{
		Use:   "rescore RESULT.json",
		Short: "Move a saved result to the current questionnaire version",
		Long: `Move a result saved with an earlier version of its questionnaire (such as
convergence-core 1.0) to the current one (1.1), so that it can be compared
like with like with new results.

The answers carry over question by question: a question the new version
still asks keeps its answer and note; a question it no longer asks is left
out; a new question counts as "not sure" until someone answers it. Where
the questionnaire says a question's options moved, the answer is kept but
listed to re-check: it may now sit one option higher or lower. Every change
is listed on standard error, with what changed in the question; the new
result's report is printed on standard output, and --save writes its JSON.

A result of the current version is scored again as it is: the advice (the
plan, the reasons) follows the current catalogue.

Exit status: 0 on success, 2 for a bad flag or a file that is not a valid
result.`,
		Example: `  # Move a 1.0 result to 1.1 and see what changed
  convergence rescore 2026-03-01.json

  # Save the moved result, then compare like with like
  convergence rescore 2026-03-01.json --format json -o march-1.1.json
  convergence compare march-1.1.json today.json`,
		Args: usageArgs(cobra.ExactArgs(1), "name the result file to move, e.g. convergence rescore result.json"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.file = args[0]
			if err := checkSave(opts.save, opts.force); err != nil {
				return err
			}
			return runRescore(f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.to, "to", "", "the questionnaire `ID|PATH` to move to (default: the latest version of the result's)")
	cmd.Flags().StringVar(&opts.save, "save", "", "also save the moved result's JSON to `FILE`")
	cmd.Flags().BoolVar(&opts.force, "force", false, "let --save replace an existing file")
	opts.output.register(cmd)
	return cmd
}

func runRescore(f *factory, opts *rescoreOptions) error {
	format, err := opts.output.parse()
	if err != nil {
		return err
	}
	if err := opts.output.checkDistinct(opts.file, opts.save); err != nil {
		return err
	}
	old, err := loadResult(f, opts.file)
	if err != nil {
		return err
	}
	answers, q, carried, err := carryAnswers(f, old, opts.to)
	if err != nil {
		return err
	}
	carried.explain(f.io.ErrOut, old, q)
	r, err := scoring.Score(q, answers, scoring.Options{Tool: f.tool(), Now: f.now()})
	if err != nil {
		return err
	}
	if err := saveResult(opts.save, r, opts.force); err != nil {
		return err
	}
	return opts.output.write(f, func(w io.Writer) error {
		return report.Write(w, r, format, opts.output.reportOptions(f))
	})
}

// carried is what happened to each answer of an old result when it was
// carried over to a questionnaire.
type carried struct {
	kept, recheck, dropped, added, unsure []string
}

// answersFromResult turns the answers stored in a saved result back into
// an answers set for the current questionnaire (ref, else the latest
// built-in version of the result's), for score --answers-from, and says
// in one line each what was dropped or added.
func answersFromResult(f *factory, path, ref string) (*questionnaire.Answers, *questionnaire.Questionnaire, error) {
	old, err := loadResult(f, path)
	if err != nil {
		return nil, nil, err
	}
	a, q, c, err := carryAnswers(f, old, ref)
	if err != nil {
		return nil, nil, err
	}
	c.summarize(f.io.ErrOut, old, q)
	return a, q, nil
}

// carryAnswers carries a result's answers over to a questionnaire: kept
// where the question is still asked, left out where it is not, "not sure"
// for a question that is new, and "not sure" for a "not applicable" the
// question no longer allows.
func carryAnswers(f *factory, old *result.Result, ref string) (*questionnaire.Answers, *questionnaire.Questionnaire, carried, error) {
	var c carried
	if ref == "" {
		ref = old.Questionnaire.ID
	}
	q, err := loadQuestionnaire(f, ref)
	if err != nil {
		return nil, nil, c, err
	}
	a := &questionnaire.Answers{
		File:       "<" + old.Questionnaire.ID + "@" + old.Questionnaire.Version + " result>",
		Respondent: old.Respondent,
		AssessedAt: old.AssessedAt,
	}
	stored := map[string]bool{}
	for _, ans := range old.Answers {
		stored[ans.Question] = true
		qu := q.Question(ans.Question)
		if qu == nil {
			c.dropped = append(c.dropped, ans.Question)
			continue
		}
		it := questionnaire.Answer{Question: ans.Question, Status: ans.Status, Level: ans.Level, Note: ans.Note}
		switch {
		case it.Status == result.NA && !qu.AllowNA:
			it.Status, it.Level = result.Unsure, 0
			c.unsure = append(c.unsure, ans.Question)
		case it.Status == result.Answered && q.Change(ans.Question) != nil && q.Change(ans.Question).Recheck && !sameVersion(old, q):
			c.recheck = append(c.recheck, ans.Question)
		default:
			c.kept = append(c.kept, ans.Question)
		}
		a.Items = append(a.Items, it)
	}
	for _, qu := range q.Questions() {
		if !stored[qu.ID] {
			c.added = append(c.added, qu.ID)
			a.Items = append(a.Items, questionnaire.Answer{Question: qu.ID, Status: result.Unsure})
		}
	}
	return a, q, c, nil
}

func sameVersion(old *result.Result, q *questionnaire.Questionnaire) bool {
	return old.Questionnaire.ID == q.ID && old.Questionnaire.Version == q.Version && q.SameContent(old.Questionnaire.Digest)
}

// summarize says in a few lines what carrying the answers over did.
func (c carried) summarize(w io.Writer, old *result.Result, q *questionnaire.Questionnaire) {
	if sameVersion(old, q) {
		fmt.Fprintf(w, "Re-scored with %s, the questionnaire the result was made with.\n", q.Ref())
	} else {
		fmt.Fprintf(w, "Re-scored the answers of %s@%s with %s.\n", diag.Clean(old.Questionnaire.ID), diag.Clean(old.Questionnaire.Version), q.Ref())
	}
	list := func(ids []string, one, many string) {
		if len(ids) > 0 {
			n := one
			if len(ids) > 1 {
				n = many
			}
			fmt.Fprintf(w, "%d %s: %s\n", len(ids), n, diag.Clean(strings.Join(ids, ", ")))
		}
	}
	list(c.dropped, "question no longer exists and was left out", "questions no longer exist and were left out")
	list(c.unsure, `answer was "not applicable", which the questionnaire no longer allows; it counts as "not sure"`,
		`answers were "not applicable", which the questionnaire no longer allows; they count as "not sure"`)
	list(c.recheck, "answer is kept but its options moved; re-check it", "answers are kept but their options moved; re-check them")
	list(c.added, `question is new and counts as "not sure"`, `questions are new and count as "not sure"`)
}

// explain says what moving the result changed, question by question, with
// what the questionnaire says changed in each: the answers to re-check
// first (the gate questions first among them), then the new questions,
// the ones left out, and the others whose wording changed.
func (c carried) explain(w io.Writer, old *result.Result, q *questionnaire.Questionnaire) {
	who := old.Respondent.Who(false)
	if who != "" {
		who = " of " + diag.Clean(who)
	}
	if sameVersion(old, q) {
		sayWrapped(w, fmt.Sprintf("The result%s is already %s: scored again as it is, with the current advice.", who, q.Ref()))
		return
	}
	sayWrapped(w, fmt.Sprintf("Moved the result%s from %s@%s to %s: %s kept (%d to re-check), %s, %s left out.",
		who, diag.Clean(old.Questionnaire.ID), diag.Clean(old.Questionnaire.Version), q.Ref(),
		diag.Count(len(c.kept)+len(c.recheck), "answer", "answers"), len(c.recheck),
		diag.Count(len(c.added)+len(c.unsure), "new unknown", "new unknowns"),
		diag.Count(len(c.dropped), "question", "questions")))
	gated := map[string]bool{}
	for _, g := range q.Gates {
		gated[g.Requires.Question] = true
	}
	levels := map[string]result.Answer{}
	for _, a := range old.Answers {
		levels[a.Question] = a
	}
	note := func(id string) string {
		if ch := q.Change(id); ch != nil {
			return " " + ch.Note
		}
		return ""
	}
	name := func(id string) string {
		if qu := q.Question(id); qu != nil && qu.Topic != "" {
			return fmt.Sprintf("%s (%s)", qu.Topic, diag.Clean(id))
		}
		return diag.Clean(id)
	}
	line := func(head, id string) {
		for i, l := range report.Wrap(head+note(id), 76) {
			if i == 0 {
				fmt.Fprintf(w, "  - %s\n", l)
			} else {
				fmt.Fprintf(w, "    %s\n", l)
			}
		}
	}
	answer := func(id string) string {
		a := levels[id]
		switch a.Status {
		case result.Unsure:
			return "not sure"
		case result.NA:
			return "not applicable"
		}
		return fmt.Sprintf("%d", a.Level)
	}
	var recheck []string
	for _, gatedFirst := range []bool{true, false} {
		for _, id := range c.recheck {
			if gated[id] == gatedFirst {
				recheck = append(recheck, id)
			}
		}
	}
	if len(recheck) > 0 {
		sayWrapped(w, "Re-check these answers: their options moved, so each may now sit one option higher or lower.")
		for _, id := range recheck {
			gate := ""
			if gated[id] {
				gate = ", a question that caps the level"
			}
			line(fmt.Sprintf("%s, kept at %s%s:", name(id), answer(id), gate), id)
		}
	}
	if len(c.added)+len(c.unsure) > 0 {
		fmt.Fprintln(w, `New or no longer "not applicable": they count as "not sure" until answered.`)
		for _, id := range c.added {
			line(name(id)+":", id)
		}
		for _, id := range c.unsure {
			line(name(id)+", was not applicable:", id)
		}
	}
	if len(c.dropped) > 0 {
		fmt.Fprintln(w, "Left out: the current version no longer asks them.")
		for _, id := range c.dropped {
			line(fmt.Sprintf("%s, was %s:", name(id), answer(id)), id)
		}
	}
	var reworded []string
	for _, id := range c.kept {
		if q.Change(id) != nil {
			reworded = append(reworded, id)
		}
	}
	if len(reworded) > 0 {
		fmt.Fprintln(w, "Kept, with reworded options:")
		for _, id := range reworded {
			line(fmt.Sprintf("%s, kept at %s:", name(id), answer(id)), id)
		}
	}
}
