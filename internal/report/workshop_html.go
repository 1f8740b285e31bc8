package report

import (
	"io"

	"github.com/convergence-model/convergence/internal/result"
)

// workshopHTMLData is what the workshop document fills in: the view, the
// radar with a polygon per role, and the keys that tie each role's marker
// in the legend to its rows in the tables.
type workshopHTMLData struct {
	*workshopView
	Radar     *radar
	Bars      []whiskerBar
	IndexFill string
	PlanIntro string
	Legend    []legendItem
	// HotspotBars are the role means of each hotspot as bars.
	HotspotBars [][]roleBar
	// RowMarkers are the markers of the role table's rows.
	RowMarkers []marker
}

type legendItem struct {
	Name string
	Key  marker
}

// roleBar is a role's mean answer to a hotspot question, as a bar.
type roleBar struct {
	roleMeanView
	Fill   string
	Marker marker
}

func writeWorkshopHTML(w io.Writer, ws *result.Workshop) error {
	wv := newWorkshopView(ws)
	d := workshopHTMLData{workshopView: wv, PlanIntro: planIntro(wv.Plan)}
	d.IndexFill = f2(meterW * max(0, min(100, wv.IndexValue)) / 100)
	var roleScores [][]float64
	for _, rm := range ws.ByRole {
		var scores []float64
		for _, dim := range ws.Dimensions {
			scores = append(scores, meanOf(rm, dim.ID))
		}
		roleScores = append(roleScores, scores)
	}
	d.Radar = newWorkshopRadar(wv, roleScores)
	for _, dim := range wv.Dimensions {
		d.Bars = append(d.Bars, newWhiskerBar(dim))
	}
	for _, k := range wv.Roles {
		d.Legend = append(d.Legend, legendItem{Name: withCount(k.Name, k.Count), Key: newMarker(k.Series)})
		d.RowMarkers = append(d.RowMarkers, newMarker(k.Series))
	}
	d.Legend = append(d.Legend, legendItem{Name: "Group: the score from everyone's mean answers", Key: newMarker(-1)})
	for _, h := range wv.Hotspots {
		var bars []roleBar
		for _, r := range h.ByRole {
			bars = append(bars, roleBar{roleMeanView: r, Fill: newMeter(r.Mean).Fill, Marker: newMarker(r.Series)})
		}
		d.HotspotBars = append(d.HotspotBars, bars)
	}
	return htmlTemplate().ExecuteTemplate(w, "workshop", d)
}
