package tweets

import "slices"

// Fields are the paths of the values the recipe reads from each record.
// Dots go into nested objects; Mentions names an array whose elements are
// objects (the last path part is the field read from each) or strings.
type Fields struct {
	Date     string `json:"date"`
	User     string `json:"user"`
	Text     string `json:"text"`
	Mentions string `json:"mentions"`
}

// A shape is a known layout of tweet records.
type shape struct {
	name   string
	fields Fields
}

// shapes are tried in order; the first whose date and text paths are both
// present wins, and its user and mention paths are kept where present.
var shapes = []shape{
	{"snscrape tweets", Fields{Date: "date", User: "user.username", Text: "content", Mentions: "mentionedUsers.username"}},
	{"Twitter API v1.1 tweets", Fields{Date: "created_at", User: "user.screen_name", Text: "full_text", Mentions: "entities.user_mentions.screen_name"}},
	{"Twitter API v1.1 tweets", Fields{Date: "created_at", User: "user.screen_name", Text: "text", Mentions: "entities.user_mentions.screen_name"}},
	{"labelled tweets {date, user, text}", Fields{Date: "date", User: "user", Text: "text"}},
	{"tweets {created_at, user, text}", Fields{Date: "created_at", User: "user", Text: "text"}},
	{"posts {timestamp, username, text}", Fields{Date: "timestamp", User: "username", Text: "text"}},
	{"posts {created_at, author, text}", Fields{Date: "created_at", User: "author", Text: "text"}},
	{"posts {time, user, content}", Fields{Date: "time", User: "user", Text: "content"}},
}

// DetectFields picks the field mapping for records whose field paths are
// keys. ok is false when no known shape fits; the user then picks fields.
func DetectFields(keys []string) (f Fields, shapeName string, ok bool) {
	has := func(p string) bool { return p != "" && slices.Contains(keys, p) }
	for _, s := range shapes {
		if !has(s.fields.Date) || !has(s.fields.Text) {
			continue
		}
		f = s.fields
		if !has(f.User) {
			f.User = ""
		}
		if !has(f.Mentions) {
			// The array may be null in every sampled record: keep it when its
			// parent is present.
			parent := f.Mentions
			if i := lastDot(parent); i >= 0 {
				parent = parent[:i]
			}
			if !has(parent) {
				f.Mentions = ""
			}
		}
		return f, s.name, true
	}
	return Fields{}, "", false
}

func lastDot(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '.' {
			return i
		}
	}
	return -1
}
