package delimited

import "testing"

func TestFindColumn(t *testing.T) {
	for _, c := range []struct {
		columns []string
		name    string
		at      int
		err     string
	}{
		{[]string{"id", "label", "pred"}, "label", 1, ""},
		{[]string{"id", "Label", "pred"}, "label", 1, ""}, // the only one alike
		{[]string{"Text", "text", "TEXT"}, "text", 1, ""}, // the exact one wins
		{[]string{"id", "Text", "TEXT"}, "text", -1, `column "text": "Text" and "TEXT" match it but for case; name one of them exactly`},
		{[]string{"a", "TEXT", "b", "Text", "tExt"}, "text", -1, `column "text": "TEXT", "Text" and "tExt" match it but for case; name one of them exactly`},
		{[]string{"id", "label"}, "prediction", -1, ""},
		{nil, "x", -1, ""},
		{[]string{"STRASSE", "straße"}, "Straße", 1, ""},
	} {
		at, err := FindColumn(c.columns, c.name)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if at != c.at || msg != c.err {
			t.Errorf("FindColumn(%q, %q) = %d, %q; want %d, %q", c.columns, c.name, at, msg, c.at, c.err)
		}
	}
}
