package content

import "testing"

func TestSlug(t *testing.T) {
	tests := []struct{ quote, want string }{
		{"The bridge cost $4 million.", "the-bridge-cost-4-million"},
		{"It’s a plot", "its-a-plot"},
		{"déjà vu", "deja-vu"},
		{"de\u0301ja\u0300 vu", "deja-vu"},
		{"Straße, Æsir, Øresund, Łódź, Œuvre", "strasse-aesir-oresund-lodz-oeuvre"},
		{"« Il a dit : non ! »", "il-a-dit-non"},
		{"Это ложь, — сказал он; ещё йод", "eto-lozh-skazal-on-eshche-iod"},
		{"Η Ελλάδα", "i-ellada"},
		{"وزیر نفت گفت که ذخایر کافی است", "vzyr-nft-gft-kh-zkhayr-kafy-ast"},
		{"می‌خواهم", "mykhvahm"},
		{"وزير النفط", "vzyr-alnft"},
		{"قالَ الرئيسُ إنّ", "qal-alryys-an"},
		{"عام ٢٠٢٤ و ۱۴۰۳", "am-2024-v-1403"},
		{"日本語", "note"},
		{"", "note"},
		{"!!!", "note"},
		{"one two three four five six seven eight nine ten eleven twelve", "one-two-three-four-five-six-seven-eight-nine-ten"},
	}
	for _, tt := range tests {
		got := Slug(tt.quote)
		if got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.quote, got, tt.want)
		}
	}
}
