package cli

import (
	"fmt"
	"strings"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// answersFromResult turns the answers stored in a saved result back into
// an answers set for the current questionnaire (--questionnaire, else the
// built-in one of the result's id). Questions the questionnaire no longer
// has are dropped; questions it added count as "not sure". Both are listed
// on stderr so the change in level can be read for what it is.
func answersFromResult(f *factory, path, ref string) (*questionnaire.Answers, *questionnaire.Questionnaire, error) {
	old, err := loadResult(f, path)
	if err != nil {
		return nil, nil, err
	}
	if ref == "" {
		ref = old.Questionnaire.ID
	}
	q, err := loadQuestionnaire(f, ref)
	if err != nil {
		return nil, nil, err
	}
	a := &questionnaire.Answers{
		File:       path,
		Respondent: questionnaire.Respondent(old.Respondent),
		AssessedAt: old.AssessedAt,
	}
	var dropped, added, unsure []string
	stored := map[string]bool{}
	for _, ans := range old.Answers {
		stored[ans.Question] = true
		qu := q.Question(ans.Question)
		if qu == nil {
			dropped = append(dropped, ans.Question)
			continue
		}
		it := questionnaire.Answer{Question: ans.Question, Status: result.Status(ans.Status), Level: ans.Level, Note: ans.Note}
		if it.Status == result.NA && !qu.AllowNA {
			it.Status = result.Unsure
			unsure = append(unsure, ans.Question)
		}
		a.Items = append(a.Items, it)
	}
	for _, qu := range q.Questions() {
		if !stored[qu.ID] {
			added = append(added, qu.ID)
			a.Items = append(a.Items, questionnaire.Answer{Question: qu.ID, Status: result.Unsure})
		}
	}
	same := old.Questionnaire.Version == q.Version && q.SameContent(old.Questionnaire.Digest)
	switch {
	case same:
		fmt.Fprintf(f.io.ErrOut, "Re-scored with %s, the questionnaire the result was made with.\n", q.Ref())
	default:
		fmt.Fprintf(f.io.ErrOut, "Re-scored the answers of %s@%s with %s.\n", old.Questionnaire.ID, old.Questionnaire.Version, q.Ref())
	}
	if len(dropped) > 0 {
		fmt.Fprintf(f.io.ErrOut, "%d questions no longer exist and were left out: %s\n", len(dropped), strings.Join(dropped, ", "))
	}
	if len(unsure) > 0 {
		fmt.Fprintf(f.io.ErrOut, "%d answers were \"not applicable\", which the questionnaire no longer allows; they count as \"not sure\": %s\n", len(unsure), strings.Join(unsure, ", "))
	}
	if len(added) > 0 {
		fmt.Fprintf(f.io.ErrOut, "%d questions are new and count as \"not sure\": %s\n", len(added), strings.Join(added, ", "))
	}
	return a, q, nil
}
