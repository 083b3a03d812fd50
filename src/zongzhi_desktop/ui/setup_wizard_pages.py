"""The set-up wizard's question pages: which way, the township, the first administrator, the county."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton,
    QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget, QWizard, QWizardPage,
)

from zongzhi_desktop.paths import AppPaths
from zongzhi_desktop.services import setup
from zongzhi_desktop.sync.transport import check_url
from zongzhi_desktop.ui.messages import error_text
from zongzhi_desktop.ui.setup_wizard_work import FILE, NEW, SERVER

CODE_ROLE = Qt.ItemDataRole.UserRole


def message_label() -> QLabel:
    label = QLabel(objectName="message")
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    return label


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


class WelcomePage(QWizardPage):
    """Three ways to start; joining through the county server is the usual one and comes first."""

    def __init__(self, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Welcome"))
        self.setSubTitle(self.tr("There is no register on this PC yet. How should this PC start?"))
        self.ways = QButtonGroup(self)
        layout = QVBoxLayout(self)
        choices = (
            (SERVER, self.tr("Join my township through the county server"),
             self.tr("The county gives you the server address and a one-time enrolment code. This PC then "
                     "downloads the register your township already keeps.")),
            (FILE, self.tr("Join my township with an enrolment file from the county"),
             self.tr("For a PC without a connection to the county: the county's enrolment file, brought on a "
                     "USB stick. Data then travels as packages on the Sync page.")),
            (NEW, self.tr("Start a new register for a township"),
             self.tr("For the first PC of a township that has no county server yet. You choose the township; "
                     "the register starts empty and can join the county later.")),
        )
        for way, text, hint in choices:
            button = QRadioButton(text, objectName=f"way_{way}")
            button.setStyleSheet("font-weight: bold;")
            self.ways.addButton(button)
            button.setProperty("way", way)
            layout.addWidget(button)
            explanation = hint_label(hint)
            explanation.setContentsMargins(24, 0, 0, 8)
            layout.addWidget(explanation)
        self.ways.buttons()[0].setChecked(True)
        layout.addStretch(1)
        layout.addWidget(hint_label(self.tr("The data will be kept in: {0}").format(paths.data_dir)))

    def way(self) -> str:
        return str(self.ways.checkedButton().property("way"))

    def choose(self, way: str) -> None:
        for button in self.ways.buttons():
            button.setChecked(button.property("way") == way)


class TownshipPage(QWizardPage):
    """Province → city → county → township from the region table, searchable; a county whose townships
    the table does not list takes a typed code (its six digits + three) and name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Township"))
        self.setSubTitle(self.tr("Which township (or sub-district) is this register for?"))
        self.chosen: setup.TownshipChoice | None = None
        self.search = QLineEdit(objectName="search")
        self.search.setPlaceholderText(self.tr("Search by name or code, e.g. 贡江 or 360731"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.tree = QTreeWidget(objectName="regions")
        self.tree.setHeaderLabels([self.tr("Name"), self.tr("Code")])
        self.tree.setColumnWidth(0, 320)
        self.tree.currentItemChanged.connect(self._picked)
        self._fill(self.tree.invisibleRootItem(), None)
        self.code = QLineEdit(objectName="township_code")
        self.code.setMaxLength(9)
        self.code.setPlaceholderText(self.tr("9 digits"))
        self.name = QLineEdit(objectName="township_name")
        self.code.textChanged.connect(self._code_typed)
        self.hint = hint_label("")
        self.message = message_label()
        form = QFormLayout()
        form.addRow(self.tr("Township code"), self.code)
        form.addRow(self.tr("Township name"), self.name)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        self.registerField("township_code*", self.code)

    def _fill(self, parent: QTreeWidgetItem, code: str | None) -> None:
        for region in setup.regions_under(code):
            item = QTreeWidgetItem(parent, [region.name, region.code])
            item.setData(0, CODE_ROLE, region.level)
            self._fill(item, region.code)

    def _filter(self, text: str) -> None:
        wanted = text.strip()

        def show(item: QTreeWidgetItem) -> bool:
            children = [show(item.child(i)) for i in range(item.childCount())]
            hit = not wanted or wanted in item.text(0) or item.text(1).startswith(wanted)
            visible = hit or any(children)
            item.setHidden(not visible)
            item.setExpanded(bool(wanted) and any(children))
            return visible

        root = self.tree.invisibleRootItem()
        for i in range(root.childCount()):
            show(root.child(i))

    def _code_typed(self, code: str) -> None:
        # a township the table lists has its name from the table; elsewhere the name is typed
        listed = {r.code: r.name for r in setup.regions_under(code[:6])} if len(code) >= 6 else {}
        self.name.setReadOnly(bool(listed))
        if listed:
            self.name.setText(listed.get(code, ""))

    def _picked(self, item: QTreeWidgetItem | None) -> None:
        self.message.clear()
        if item is None:
            return
        level, code = item.data(0, CODE_ROLE), item.text(1)
        if level == "township":
            self.code.setText(code)
            self.name.setText(item.text(0))
            self.hint.setText("")
        elif level == "county" and not setup.lists_townships(code):
            self.code.setText(code)
            self.name.clear()
            self.hint.setText(self.tr("The region table does not list the townships of {0}: type the last three "
                                      "digits of the township's statistical code and its name.").format(item.text(0)))
            self.code.setFocus()
            self.code.setCursorPosition(len(code))

    def validatePage(self) -> bool:
        try:
            self.chosen = setup.check_township(self.code.text(), self.name.text())
        except Exception as exc:  # noqa: BLE001 - shown on the page (InputError/NotFound in Chinese)
            self.message.setText(error_text(exc))
            return False
        return True

    def select(self, code: str) -> None:
        """Pick a unit in the tree by its code (also for tests and the screenshots)."""
        found = self.tree.findItems(code, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 1)
        if found:
            self.tree.setCurrentItem(found[0])
            self.tree.scrollToItem(found[0])


class AdminPage(QWizardPage):
    """The first administrator: the same password rules as everywhere else in the application."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("First administrator"))
        self.setSubTitle(self.tr("This account sets up the other users of this PC. Remember the password: "
                                 "without it only the recovery key opens the data."))
        self.username = QLineEdit("admin", objectName="admin_username")
        self.display_name = QLineEdit(objectName="admin_display_name")
        self.display_name.setPlaceholderText(self.tr("e.g. 王芳"))
        self.password = QLineEdit(objectName="admin_password")
        self.repeat = QLineEdit(objectName="admin_repeat")
        for box in (self.password, self.repeat):
            box.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = message_label()
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Full name"), self.display_name)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Password again"), self.repeat)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint_label(self.tr("At least 8 characters, mixing two of: letters, digits, symbols.")))
        layout.addWidget(self.message)
        layout.addStretch(1)
        for box in (self.username, self.password, self.repeat):
            box.textChanged.connect(self.message.clear)
        self.registerField("admin_username*", self.username)
        self.registerField("admin_password*", self.password)

    def initializePage(self) -> None:
        # a new register is made straight after this page; joining the county asks for the county first
        self.setCommitPage(self.wizard().way() == NEW)  # type: ignore[attr-defined]
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create the register"))

    def validatePage(self) -> bool:
        try:
            setup.check_admin(self.username.text(), self.display_name.text(), self.password.text(), self.repeat.text())
        except Exception as exc:  # noqa: BLE001 - InputError in Chinese, on the page
            self.repeat.clear()  # (clears the message too: set it after)
            self.message.setText(error_text(exc))
            return False
        return True


class CountyPage(QWizardPage):
    """The county server (address, one-time code, optional CA file) or the enrolment file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.way = SERVER
        self.setCommitPage(True)  # the next page joins the county
        self.server = QLineEdit(objectName="server")
        self.server.setPlaceholderText("https://zongzhi.county.gov.cn:8443")
        self.code = QLineEdit(objectName="enrol_code")
        self.ca_file = QLineEdit(objectName="ca_file")
        self.ca_file.setPlaceholderText(self.tr("only if the county gave you one (.pem, .crt)"))
        self.enrol_file = QLineEdit(objectName="enrol_file")
        self.message = message_label()
        self.server_form = QWidget()
        form = QFormLayout(self.server_form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("County server address"), self.server)
        form.addRow(self.tr("One-time enrolment code"), self.code)
        form.addRow(self.tr("County CA certificate"), self._with_browse(self.ca_file, self._browse_ca))
        self.file_form = QWidget()
        form = QFormLayout(self.file_form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Enrolment file"), self._with_browse(self.enrol_file, self._browse_file))
        layout = QVBoxLayout(self)
        layout.addWidget(self.server_form)
        layout.addWidget(self.file_form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        for box in (self.server, self.code, self.ca_file, self.enrol_file):
            box.textChanged.connect(self.message.clear)
        server, ca = setup.county_preset()
        self.server.setText(server)
        self.ca_file.setText(ca)

    def _with_browse(self, box: QLineEdit, browse) -> QWidget:  # type: ignore[no-untyped-def]
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(box, 1)
        button = QPushButton(self.tr("Browse…"))
        button.setAutoDefault(False)
        button.clicked.connect(browse)
        line.addWidget(button)
        return row

    def _browse_ca(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("County CA certificate"), "",
                                                self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"))
        if chosen:
            self.ca_file.setText(chosen)

    def _browse_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Enrolment file"), "")
        if chosen:
            self.enrol_file.setText(chosen)

    def initializePage(self) -> None:
        self.show_way(self.wizard().way())  # type: ignore[attr-defined]
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Join"))
        on_server = self.way == SERVER
        focus = self.code if on_server and self.server.text() else self.server if on_server else self.enrol_file
        QTimer.singleShot(0, self, focus.setFocus)  # after QWizard has focused the page's first field

    def show_way(self, way: str) -> None:
        """The server's fields or the enrolment file's (also used outside the wizard: the 同步 page's
        join dialog embeds this page as a plain widget)."""
        self.way = way
        on_server = self.way == SERVER
        self.server_form.setVisible(on_server)
        self.file_form.setVisible(not on_server)
        self.setTitle(self.tr("County server") if on_server else self.tr("Enrolment file"))
        self.setSubTitle(self.tr("From the county's administrator. The township comes with the code.") if on_server
                         else self.tr("The file the county made for this township. The township comes with it."))

    def validatePage(self) -> bool:
        problem = self._server_problem() if self.way == SERVER else self._file_problem()
        self.message.setText(problem or "")
        return problem is None

    def _server_problem(self) -> str | None:
        if not self.server.text().strip() or not self.code.text().strip():
            return self.tr("Please enter the county server address and the one-time code.")
        try:
            check_url(self.server.text())
        except Exception as exc:  # noqa: BLE001 - SyncError in Chinese
            return error_text(exc)
        ca = self.ca_file.text().strip()
        reason = setup.ca_file_problem(ca) if ca else None
        if reason:
            return self.tr("The county CA certificate {0} cannot be used ({1}). Ask the county for the "
                           "right file (.pem or .crt).").format(ca, reason)
        return None

    def _file_problem(self) -> str | None:
        chosen = self.enrol_file.text().strip()
        if not chosen:
            return self.tr("Please choose the enrolment file from the county.")
        if not Path(chosen).expanduser().is_file():
            return self.tr("There is no file {0}.").format(chosen)
        return None
