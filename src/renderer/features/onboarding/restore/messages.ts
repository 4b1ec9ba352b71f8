/** The words of the fifth first-run choice, restore this node from a backup (docs/adr/0063, 0065): Korean and English. */
const ko = {
  restore: {
    title: '백업에서 이 노드 복원하기',
    text: '다른 컴퓨터에서 만든 이 노드의 백업 파일(.djbackup)로 노드를 되살립니다. 키와 설정, 그리고 백업에 원장 사본이 있으면 그것까지 복원하고, 나머지 블록은 다른 노드에서 받아 따라잡습니다. 백업을 만들 때 정한 암호가 필요합니다.',
    drop: '백업 파일',
    dropHint: '노드 설정의 "이 노드 백업하기"로 만든 파일입니다.',
    choose: '백업 파일 고르기',
    sending: '백업 파일을 보내는 중… {done} / {total}',
    holds: '이 백업에 든 것',
    chain: '컨소시엄(체인)',
    node: '노드 키',
    made: '만든 때',
    ledger: '원장 사본',
    withStore: '있음: 높이 {height}까지의 블록',
    keysOnly: '없음: 키와 설정만 있습니다. 모든 블록을 다른 노드에서 받습니다.',
    passphrase: '백업 암호',
    passphraseHint: '백업을 만들 때 정한 암호입니다. 틀리면 다시 입력할 수 있습니다.',
    submit: '복원하고 시작',
    restoring: '복원하는 중… {percent}%',
    checking: '복원한 내용을 확인하는 중…',
    writing: '백업을 복원하는 중…',
    resync: '복원 뒤에는 다른 노드를 따라잡을 때까지 이 노드는 아무것에도 서명하지 않습니다.',
  },
}

const en: typeof ko = {
  restore: {
    title: 'Restore this node from a backup',
    text: "Brings this node back from its backup file (.djbackup), made on another computer: its keys and settings, and the copy of the ledger if the backup holds one; the blocks after it are fetched from the other nodes. You need the passphrase the backup was made with.",
    drop: 'Backup file',
    dropHint: 'The file made with "Back up this node" in the node settings.',
    choose: 'Choose the backup file',
    sending: 'Sending the backup file… {done} / {total}',
    holds: 'What this backup holds',
    chain: 'Consortium (chain)',
    node: 'Node key',
    made: 'Made on',
    ledger: 'Copy of the ledger',
    withStore: 'Yes: the blocks up to height {height}',
    keysOnly: 'No: keys and settings only. Every block is fetched from the other nodes.',
    passphrase: 'Backup passphrase',
    passphraseHint: 'The passphrase chosen when the backup was made. If it is wrong you may type it again.',
    submit: 'Restore and start',
    restoring: 'Restoring… {percent}%',
    checking: 'Checking what was restored…',
    writing: 'Restoring the backup…',
    resync: 'After the restore this node signs nothing until it has caught up with the other nodes.',
  },
}

export default { ko, en }
