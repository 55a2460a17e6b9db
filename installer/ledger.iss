; 科技指标任务台账 — Windows installer (Inno Setup 6).
;
; Build it with `python tools\build_installer.py` after `pyinstaller --noconfirm build.spec`: the tool reads
; the name and version from version.py (the one place they live) and passes them here with /D… defines.
; Installs the one-folder bundle under Program Files with a Start-menu entry and a desktop shortcut.
; The user's database lives in %APPDATA%\<Organization>\<AppId> (cli/paths.py); this script never installs
; anything there and never deletes anything there, so uninstalling or upgrading keeps every figure.

#ifndef AppVersion
  #error AppVersion 未定义：请用 python tools\build_installer.py 生成安装包（它从 version.py 读取版本号）
#endif
#ifndef AppVersionNumeric
  #define AppVersionNumeric AppVersion
#endif
#ifndef AppName
  #error AppName 未定义：请用 python tools\build_installer.py 生成安装包
#endif
#ifndef AppIdName
  #error AppIdName 未定义：请用 python tools\build_installer.py 生成安装包
#endif
#ifndef AppPublisher
  #define AppPublisher AppIdName
#endif
#ifndef AppExeName
  #define AppExeName AppIdName + ".exe"
#endif
#ifndef DataFolder
  #define DataFolder AppPublisher + "\" + AppIdName
#endif
; Relative paths are relative to this script's folder.
#ifndef DistDir
  #define DistDir "..\dist\" + AppIdName
#endif
#ifndef OutputDir
  #define OutputDir "..\dist\installer"
#endif

; LZMA2 at its best for the release; the CI's upgrade test builds its "older version" with a quicker one.
#ifndef Compression
  #define Compression "lzma2/max"
#endif

[Setup]
; The AppId never changes: a newer installer finds the installed copy and upgrades it in place.
AppId={{D5E43EB5-1628-4416-AFAA-2B5590B09BA3}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductName={#AppName}
VersionInfoProductVersion={#AppVersionNumeric}
VersionInfoCompany={#AppPublisher}
VersionInfoDescription={#AppName} 安装程序
; Program Files by default; a user without administrator rights may choose to install for themselves only.
DefaultDirName={autopf}\{#AppIdName}
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Windows 10 1809: the oldest Windows the bundled Qt 6 supports (it also needs Windows' own ICU, icuuc.dll,
; which Windows 10 has since 1703).
MinVersion=10.0.17763
OutputDir={#OutputDir}
OutputBaseFilename={#AppIdName}-{#AppVersion}-setup
SetupIconFile=..\resources\app.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName} {#AppVersion}
Compression={#Compression}
SolidCompression=yes
WizardStyle=modern
; A running copy is closed (and reopened afterwards) so that its files can be replaced.
CloseApplications=yes
RestartApplications=yes

[Languages]
; The project's own Chinese messages (Inno Setup 6 ships none): every message Setup and Uninstall show.
Name: "chinesesimplified"; MessagesFile: "zh_CN.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the whole program folder's libraries, so no file of an older version is left behind
; to be loaded by mistake. Only the program folder: the user's data folder is elsewhere and untouched.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"
Name: "{group}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#StringChange(AppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent

[Code]
// Uninstalling removes only what Setup installed in {app}. Say where the data stays, so that nobody
// thinks the figures are gone, and nobody deletes them believing they are leftovers.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox('程序已卸载。台账数据库没有删除，仍保存在：' + #13#10 +
      ExpandConstant('{userappdata}\{#DataFolder}') + #13#10 +
      '重新安装本程序后可继续使用；如需换电脑，请复制该文件夹中的 ledger.sqlite3。',
      mbInformation, MB_OK);
end;
