"""License fields printed by name: Creative Commons URLs and SPDX ids as "CC BY 4.0", linked to their terms."""
from __future__ import annotations

import pytest

from handouts.load.licenses import License, license_of

CC_BY = "https://creativecommons.org/licenses/by/4.0/"


@pytest.mark.parametrize("text, expected", [
    (CC_BY, License("CC BY 4.0", CC_BY)),
    ("CC-BY-4.0", License("CC BY 4.0", CC_BY)),
    ("CC BY 4.0", License("CC BY 4.0", CC_BY)),
    ("cc-by-nc-sa-3.0", License("CC BY-NC-SA 3.0", "https://creativecommons.org/licenses/by-nc-sa/3.0/")),
    ("CC0-1.0", License("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/")),
    ("https://creativecommons.org/publicdomain/zero/1.0/",
     License("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/")),
    # The address as given: a deed in another language, a license ported to one country.
    ("http://creativecommons.org/licenses/by-sa/4.0/deed.fr",
     License("CC BY-SA 4.0", "http://creativecommons.org/licenses/by-sa/4.0/deed.fr")),
    ("https://creativecommons.org/licenses/by/3.0/us/",
     License("CC BY 3.0 US", "https://creativecommons.org/licenses/by/3.0/us/")),
])
def test_creative_commons_licenses_are_named_and_linked(text, expected):
    assert license_of(text) == expected


@pytest.mark.parametrize("text", ["All rights reserved", "CC BY-SA-NC 4.0", "CC-BY-9.0", "https://example.org/terms"])
def test_other_licenses_print_as_written(text):
    assert license_of(text) == License(text, None)
