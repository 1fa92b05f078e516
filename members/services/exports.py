"""The spreadsheet exports live in `core.exports`; this name stays for older imports."""

from core.exports import (  # noqa: F401
    EXPORT_FORMATS,
    XLSX_CONTENT_TYPE,
    export_cell,
    export_csv,
    export_response,
    export_xlsx,
)
