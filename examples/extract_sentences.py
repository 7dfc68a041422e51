"""Extract statements from a few sentences with the Python API and print them with provenance.

Run: python examples/extract_sentences.py
"""

from __future__ import annotations

import graphbuild
from graphbuild import Document

TEXT = (
    "French President Emmanuel Macron met Sir Keir Starmer in London on Thursday. "
    "Starmer praised Zelensky for his courage, but he criticised Vladimir Putin. "
    "Putin said Russia would not accept European troops in Ukraine."
)


def main() -> None:
    for result in graphbuild.extract([Document(id="demo-1", text=TEXT)]):
        for st in result.statements:
            flags = "" if st.is_fact else f" [{st.polarity.value}, {st.modality.value}]"
            print(
                f"{st.subject.label} --{st.relation} ({st.family.value})--> {st.object.label}"
                f"{flags}  trigger={st.trigger.text!r} conf={st.confidence:.2f} rule={st.rule}"
            )


if __name__ == "__main__":
    main()
