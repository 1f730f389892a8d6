package anchor

import (
	"errors"
	"testing"
)

// TestHintEveryScript checks that a misquote gets the passage it misquotes
// as a hint in every script, not only in ASCII.
func TestHintEveryScript(t *testing.T) {
	tests := []struct{ name, text, quote, hint string }{
		{"Persian",
			"دولت اعلام کرد که قیمت بنزین افزایش نمی‌یابد. وزیر نفت گفت که ذخایر کافی است و مردم نباید نگران باشند.",
			"وزیر نفت گفت که ذخایر زیادی است و مردم",
			"وزیر نفت گفت که ذخایر کافی است و مردم"},
		{"Persian typed with Arabic letters, one word changed",
			"دولت اعلام کرد که قیمت بنزین افزایش نمی‌یابد. وزیر نفت گفت که ذخایر کافی است و مردم نباید نگران باشند.",
			"وزير نفت گفت كه ذخاير بسيار است و مردم نبايد",
			"وزیر نفت گفت که ذخایر کافی است و مردم نباید"},
		{"Arabic",
			"أعلنت الحكومة أن أسعار الوقود لن ترتفع. وقال وزير النفط إن الاحتياطيات كافية وإن على المواطنين ألا يقلقوا.",
			"وقال وزير النفط إن الاحتياطيات كبيرة وإن على المواطنين",
			"وقال وزير النفط إن الاحتياطيات كافية وإن على المواطنين"},
		{"Russian",
			"Правительство заявило, что цены на бензин не вырастут. Министр сказал, что запасов достаточно и волноваться не нужно.",
			"Министр сказал, что запасов много и волноваться",
			"Министр сказал, что запасов достаточно и волноваться"},
		{"French",
			"Le gouvernement a déclaré que le prix de l’essence n’augmenterait pas. Le ministre a dit que les réserves étaient suffisantes.",
			"le ministre a dit que les reserves etaient suffisantes",
			"Le ministre a dit que les réserves étaient suffisantes."},
		{"Japanese, written without spaces",
			"政府はガソリン価格が上がらないと発表した。大臣は備蓄が十分にあり、国民は心配する必要はないと述べた。",
			"大臣は備蓄が多くあり、国民は心配する必要は",
			"大臣は備蓄が十分にあり、国民は心配する必要は"},
		{"Thai, written without spaces between words",
			"รัฐบาลประกาศว่าราคาน้ำมันจะไม่ขึ้น รัฐมนตรีกล่าวว่าน้ำมันสำรองมีเพียงพอและประชาชนไม่ต้องกังวล",
			"รัฐมนตรีกล่าวว่าน้ำมันสำรองมีมากและประชาชน",
			"รัฐมนตรีกล่าวว่าน้ำมันสำรองมีเพียงพอและประชาชน"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewIndex([]byte(tt.text), 0).Find(Query{Quote: tt.quote})
			var nf *NotFoundError
			if !errors.As(err, &nf) {
				t.Fatalf("err = %v", err)
			}
			got := ""
			if nf.Hint != nil {
				got = tt.text[nf.Hint.Start:nf.Hint.End]
			}
			if got != tt.hint {
				t.Errorf("hint %q, want %q", got, tt.hint)
			}
		})
	}
}
