"""Runtime hook: fpdf2 warns at import when Pillow is missing; the bundle leaves Pillow out on purpose
(the forms embed no images), so the warning would only alarm whoever reads the command's stderr."""

import warnings

warnings.filterwarnings("ignore", message="Pillow could not be imported")
