import type { enEncryption } from './i18n-en.ts';

/** 加密页面（/encryption）的中文文案。 */
export const zhCNEncryption: Record<keyof typeof enEncryption, string> = {
  'nav.encryption': '数据加密',
  'encryption.title': '静态数据加密',
  'encryption.description': '客户邮箱、电话、渠道身份和附件始终加密存储。轮换会生成新的数据密钥，旧数据在后台重新加密。',
  'encryption.rotate': '轮换数据密钥',
  'encryption.encryptMessages': '加密消息内容',
  'encryption.encryptMessagesHint': '新工作区默认关闭。开启后，消息搜索只能匹配完整词语。',
  'encryption.activeKey': '当前数据密钥：',
  'encryption.allCurrent': '所有数据均已使用当前密钥加密。',
  'encryption.rowsLeft': '待重新加密：{contacts} 个客户、{messages} 条消息、{attachments} 个文件。',
  'encryption.refresh': '刷新',
  'encryption.col.key': '密钥',
  'encryption.col.status': '状态',
  'encryption.col.created': '创建时间',
  'encryption.status.active': '使用中',
  'encryption.status.retiring': '退役中',
  'encryption.status.retired': '已退役',
};
