package report

import (
	"io"

	"github.com/convergence-model/convergence/internal/result"
)

// workshopHTMLData is what the workshop document fills in: the view, the
// bars with the respondents' range, and the keys that tie each role's
// marker to its rows in the tables.
type workshopHTMLData struct {
	htmlData
	// W is the workshop's own content: hotspots, role table, respondents.
	W *workshopView
	// HotspotBars are the role means of each hotspot as bars.
	HotspotBars [][]roleBar
	// RowMarkers are the markers of the role table's rows.
	RowMarkers []marker
}

// roleBar is a role's mean answer to a hotspot question, as a bar on the
// same scale of 0 to 5 as the dimensions'.
type roleBar struct {
	roleMeanView
	Fill   string
	Marker marker
}

func writeWorkshopHTML(w io.Writer, ws *result.Workshop) error {
	wv := newWorkshopView(ws)
	d := workshopHTMLData{htmlData: newHTMLData(wv.view), W: wv}
	for _, k := range wv.Roles {
		d.RowMarkers = append(d.RowMarkers, newMarker(k.Series))
	}
	for _, h := range wv.Hotspots {
		var bars []roleBar
		for _, r := range h.ByRole {
			bars = append(bars, roleBar{roleMeanView: r, Fill: f2(meterX(r.Mean)), Marker: newMarker(r.Series)})
		}
		d.HotspotBars = append(d.HotspotBars, bars)
	}
	return htmlTemplate().ExecuteTemplate(w, "workshop", d)
}
